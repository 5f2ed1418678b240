namespace TraceCurate.Traces;

/// <summary>
/// A value worked out on first read, then kept: what a <see cref="Deferred{T}"/> field holds until it is read. A reader
/// subclasses it so that one small object stands for a lazy field (a slice of the record that decodes itself, say)
/// instead of a delegate, its closure and a cache box: an AgentTrace row has dozens of lazy fields, and those three
/// objects apiece were a fifth of what reading a row allocated.
/// Thread-safe as <see cref="Deferred{T}"/> is: two threads reading at once may both compute; both get the same value.
/// </summary>
internal abstract class LazyValue<T>
{
    private T _value = default!;
    private volatile bool _computed;

    public T Value
    {
        get
        {
            if (_computed) return _value;
            var value = Compute();
            _value = value;
            _computed = true; // a volatile write after the value: a thread that sees true sees the value
            return value;
        }
    }

    /// <summary>Whether the value has been worked out (and is kept).</summary>
    public bool IsComputed => _computed;

    /// <summary>Works the value out on first read, possibly on two threads at once: it must be pure.</summary>
    protected abstract T Compute();
}

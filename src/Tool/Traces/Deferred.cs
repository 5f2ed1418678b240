namespace TraceCurate.Traces;

/// <summary>
/// A field of the model that a reader may fill lazily: either a value, or a factory run on first read (then cached).
/// Readers use it for the large texts (tool outputs, reasoning) so that a recipe that never reads them never decodes
/// them: the <c>original</c> path then carries raw bytes only. Equality compares values, as a record expects.
/// Thread-safe: two threads reading at once may both run the factory; both get the same value.
/// </summary>
public readonly struct Deferred<T> : IEquatable<Deferred<T>>
{
    private readonly object? _state; // a T (boxed when a value type), or a Box holding the factory and the cached value

    private Deferred(object? state) => _state = state;

    public static Deferred<T> Of(T value) => new(value);

    public static Deferred<T> Lazy(Func<T> factory) => new(new Box(factory));

    public T Value => _state switch
    {
        Box box => box.Get(),
        null => default!,
        var value => (T)value,
    };

    /// <summary>The factory, while it has not run yet (so a reader of the field can look without caching a value).</summary>
    internal Func<T>? Pending => _state is Box box ? box.Factory : null;

    public bool Equals(Deferred<T> other) => EqualityComparer<T>.Default.Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is Deferred<T> other && Equals(other);

    public override int GetHashCode() => Value is { } v ? EqualityComparer<T>.Default.GetHashCode(v) : 0;

    private sealed class Box(Func<T> factory)
    {
        private Func<T>? _factory = factory;
        private T _value = default!;

        public Func<T>? Factory => Volatile.Read(ref _factory);

        public T Get()
        {
            var f = Volatile.Read(ref _factory);
            if (f is null) return _value;
            var value = f();
            _value = value;
            Volatile.Write(ref _factory, null); // published after the value, so a reader that sees null sees the value
            return value;
        }
    }
}

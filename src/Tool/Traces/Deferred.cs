namespace TraceCurate.Traces;

/// <summary>
/// A field of the model that a reader may fill lazily: either a value, or a <see cref="LazyValue{T}"/> worked out on
/// first read (then kept). Readers use it for the large texts (tool outputs, reasoning) so that a recipe that never
/// reads them never decodes them: the <c>original</c> path then carries raw bytes only. Equality compares values, as
/// a record expects. Thread-safe: two threads reading at once may both compute the value; both get the same value.
/// </summary>
internal readonly struct Deferred<T> : IEquatable<Deferred<T>>
{
    private readonly object? _state; // a T (boxed when a value type), or the LazyValue<T> that works it out

    private Deferred(object? state) => _state = state;

    public static Deferred<T> Of(T value) => new(value);

    public static Deferred<T> Lazy(Func<T> factory) => new(new FromFactory(factory));

    public static Deferred<T> Lazy(LazyValue<T> value) => new(value);

    public T Value => _state switch
    {
        LazyValue<T> lazy => lazy.Value,
        null => default!,
        var value => (T)value,
    };

    /// <summary>The lazy value while it is not worked out (a reader can look without keeping a value).</summary>
    internal LazyValue<T>? Pending => _state is LazyValue<T> { IsComputed: false } lazy ? lazy : null;

    /// <summary>Whether the field is null without anything to work out (no value, and no lazy value).</summary>
    internal bool IsNull => _state is null;

    public bool Equals(Deferred<T> other) => EqualityComparer<T>.Default.Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is Deferred<T> other && Equals(other);

    public override int GetHashCode() => Value is { } v ? EqualityComparer<T>.Default.GetHashCode(v) : 0;

    /// <remarks>Keeps its factory after the value is worked out: releasing it safely would need a lock or a recheck on
    /// every read, for a closure that lives no longer than the record it belongs to.</remarks>
    private sealed class FromFactory(Func<T> factory) : LazyValue<T>
    {
        protected override T Compute() => factory();
    }
}

namespace TraceCurate.Traces;

/// <summary>
/// A lazy value that stands for one JSON value of a record and still holds its bytes, exactly as the record spells them
/// (the whole value: an object with its braces, a string with its quotes). A writer that would only write the value
/// back may copy these bytes instead of parsing them, where it can tell that its own writing would give the same bytes.
/// </summary>
internal interface IRawJsonValue
{
    ReadOnlyMemory<byte> Raw { get; }
}

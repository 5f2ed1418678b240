namespace TraceCurate.Diagnostics;

/// <summary>
/// Thrown by a reader for a malformed record. The pipeline turns it into a TC0004 diagnostic naming the file and line,
/// and either stops or skips the record as the recipe's <c>on_bad_record</c> says.
/// </summary>
public sealed class BadRecordException(string message, long line = 0, int column = 0, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>1-based line inside the file, when the reader knows better than the record's own first line.</summary>
    public long Line { get; } = line;

    public int Column { get; } = column;
}

namespace TraceCurate.Recipes;

/// <summary>The recipe keys of docs/safety.md: the snippet guard switch and the read limits.</summary>
public sealed partial record Recipe
{
    /// <summary><c>unsafe: true</c>: compile the snippets without the safety guard.</summary>
    public bool Unsafe { get; init; }

    /// <summary><c>max_record_bytes</c>; null means the default (or <c>--max-record-bytes</c>).</summary>
    public long? MaxRecordBytes { get; init; }

    /// <summary><c>max_bad_records</c>; null means the default (or <c>--max-bad-records</c>).</summary>
    public long? MaxBadRecords { get; init; }
}

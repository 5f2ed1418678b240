namespace TraceCurate.Formats;

/// <summary>The top-level column names of a Parquet file, from its footer, for the Parquet readers' sniffing.</summary>
internal static class ParquetSniff
{
    /// <summary>Null when the head is not a file on disk (a pipe cannot seek to a footer) or the footer is unreadable.</summary>
    public static IReadOnlyList<string>? TopLevelNames(FormatHead head)
    {
        if (head.FullPath is not { } path) return null;
        try
        {
            return ParquetRowAssembler.TopLevelNames(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null; // not a readable Parquet file: no Parquet reader claims it, and detection says so
        }
    }
}

namespace TraceCurate.Parquet;

/// <summary>
/// Thrown when a Parquet file is malformed: wrong magic, truncated footer, corrupt page,
/// unsupported encoding. The message names what was being read (column, row group, offset).
/// (InvalidDataException is sealed, so this derives from IOException like it does.)
/// </summary>
public sealed class ParquetFormatException : IOException
{
    public ParquetFormatException(string message) : base(message) { }
    public ParquetFormatException(string message, Exception inner) : base(message, inner) { }
}

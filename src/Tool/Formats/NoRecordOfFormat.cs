using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>
/// The error for a file in which its reader recognises nothing of its format: the format was forced (<c>--format</c> or
/// <c>format:</c>) on a file of another agent, or the file is empty. Reading it as an empty session would report zero
/// traces with exit code 0 and lose the file silently; this names the file and the format instead, and says which
/// format the content looks like when sniffing finds one.
/// </summary>
internal static class NoRecordOfFormat
{
    public static TraceCurateException Error(RawRecord record, string format, string expected)
    {
        var path = record.File.Path;
        var looksLike = LooksLike(path, format);
        return new TraceCurateException(Diagnostic.Error(DiagnosticCodes.UnknownFormat,
            $"read as '{format}', the file holds no {format} record ({expected}), so it yields no trace" +
            (looksLike is null ? "" : $"; its content looks like '{looksLike}'") +
            "; name the right format with --format or 'format:' on the input, or leave both out to detect it",
            path, record.Line)); // the line where the format should have shown: the file's first

    }

    /// <summary>The format sniffing picks for the file, when it is another one; null when none matches or the file cannot be read.</summary>
    private static string? LooksLike(string path, string format)
    {
        try
        {
            using var head = FormatDetector.ReadHead(path);
            return FormatRegistry.Readers.FirstOrDefault(r => r.Format != format && r.Sniff(head))?.Format;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }
}

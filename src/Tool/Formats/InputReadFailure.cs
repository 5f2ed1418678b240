using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>
/// The diagnostic for an input that cannot be read to its end (a damaged or truncated <c>.gz</c>, a corrupt Parquet
/// file, an I/O error), naming the file and the line where reading stopped. <c>run</c> and the commands that read
/// without a recipe report it alike, as an error: what follows the point of failure is unknown, so it cannot be counted
/// as skipped records.
/// </summary>
public static class InputReadFailure
{
    public static TraceCurateException Describe(Exception e, string path, long line)
    {
        if (e is TraceCurateException known) return known;
        if (e is BadRecordException bad)
            return new TraceCurateException(Diagnostic.Error(DiagnosticCodes.BadRecord, bad.Message, path, bad.Line > 0 ? bad.Line : line, bad.Column));
        var message = e is InvalidDataException && FormatDetector.IsGzip(path)
            ? GzipDamage.Describe(e, path)
            : $"the file cannot be read past this point ({e.GetType().Name}: {e.Message})";
        return new TraceCurateException(Diagnostic.Error(DiagnosticCodes.InputUnreadable, message, path, line));
    }
}

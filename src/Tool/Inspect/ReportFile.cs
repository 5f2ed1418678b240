using System.Text;
using TraceCurate.Diagnostics;

namespace TraceCurate.Inspect;

/// <summary>Writes the report beside its final path and renames it over that path, so a failed write leaves the old file.</summary>
public static class ReportFile
{
    public static string Write(string path, string html)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(temp, html, new UTF8Encoding(false));
            File.Move(temp, full, overwrite: true);
            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); } catch (IOException) { /* nothing more can be done */ }
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.OutputFailed, $"cannot write the report: {e.Message}", path));
        }
    }
}

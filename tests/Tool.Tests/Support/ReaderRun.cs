using System.Text;
using TraceCurate.Formats;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Support;

/// <summary>Runs a reader the way the pipeline does (Split on the file, then Parse each record), without a recipe.</summary>
public static class ReaderRun
{
    public static List<Trace> File(ITraceReader reader, string path, params (string Key, string Value)[] settings)
    {
        var options = new ReadOptions { Settings = settings.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal) };
        var input = new InputFile(path, reader, options);
        using var stream = FormatDetector.Open(path);
        return reader.Split(stream, input).ToList().SelectMany(r => reader.Parse(r, options)).ToList();
    }

    /// <summary>Reads text written to a temporary file (the name matters to readers that fall back on the file stem).</summary>
    public static List<Trace> Text(ITraceReader reader, string text, string name = "session.jsonl", params (string Key, string Value)[] settings)
    {
        var dir = Path.Combine(Path.GetTempPath(), "tc-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, name);
            System.IO.File.WriteAllText(path, text, new UTF8Encoding(false));
            return File(reader, path, settings);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The format head of a file, as detection sees it.</summary>
    public static FormatHead Head(string path) => FormatDetector.ReadHead(path);
}

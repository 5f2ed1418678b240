using TraceCurate.Formats;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Support;

/// <summary>Runs a reader the way the pipeline does (Split on the file, then Parse each record), without a recipe.</summary>
public static class ReaderRun
{
    public static List<Trace> File(ITraceReader reader, string path, params (string Key, string Value)[] settings) =>
        File(reader, path, new ReadOptions { Settings = settings.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal) });

    /// <summary>All traces of one file with the given read options (limits, settings).</summary>
    public static List<Trace> File(ITraceReader reader, string path, ReadOptions options)
    {
        var input = new InputFile(path, reader, options);
        using var stream = FormatDetector.Open(path);
        return reader.Split(stream, input).ToList().SelectMany(r => reader.Parse(r, options)).ToList();
    }

    /// <summary>Reads text written to a temporary file (the name matters to readers that fall back on the file stem).</summary>
    public static List<Trace> Text(ITraceReader reader, string text, string name = "session.jsonl", params (string Key, string Value)[] settings)
    {
        using var folder = new TempFolder();
        return File(reader, folder.Write(name, text), settings);
    }

    /// <summary>The format head of a file, as detection sees it.</summary>
    public static FormatHead Head(string path) => FormatDetector.ReadHead(path);
}

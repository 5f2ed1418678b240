using TraceCurate.Formats;

namespace TraceCurate.Bench;

/// <summary>One parse-only pass over a file: the reader's Split and Parse on one thread, no recipe, no writer.</summary>
internal static class ReaderPass
{
    /// <summary>The traces and actions read: a check that the whole file was parsed.</summary>
    public static (long Traces, long Actions) ReadAll(string path, ITraceReader reader)
    {
        var input = new InputFile(path, reader, ReadOptions.Default);
        using var stream = FormatDetector.Open(path);
        long traces = 0, actions = 0;
        foreach (var record in reader.Split(stream, input))
            foreach (var trace in reader.Parse(record, input.Options))
            {
                traces++;
                actions += trace.Actions.Count;
            }
        return (traces, actions);
    }
}

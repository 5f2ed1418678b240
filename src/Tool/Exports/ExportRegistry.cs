namespace TraceCurate.Exports;

/// <summary>Creates a writer for one output.</summary>
public delegate ITraceWriter WriterFactory(OutputTarget target, ExportOptions options);

/// <summary>
/// Every output format by the name recipes and <c>--format</c> use. Adding a writer is one file and one line here.
/// </summary>
public static class ExportRegistry
{
    private static readonly Dictionary<string, WriterFactory> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["original"] = (target, _) => new OriginalWriter(target),
        ["trace"] = (target, _) => new TraceJsonlWriter(target),
        ["jsonl"] = (target, _) => new TraceJsonlWriter(target),
        ["report"] = (target, options) => new ReportWriter(target, options),
    };

    public static IEnumerable<string> Names => Factories.Keys.Order(StringComparer.Ordinal);

    public static WriterFactory? Find(string format) => Factories.GetValueOrDefault(format);
}

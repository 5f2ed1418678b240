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
        ["original"] = (target, options) => new OriginalWriter(target, options),
        ["trace"] = (target, _) => new TraceJsonlWriter(target),
        ["jsonl"] = (target, _) => new TraceJsonlWriter(target),
        ["codeact"] = (target, options) => new CodeActWriter(target, options),
        ["tao"] = (target, options) => new TaoWriter(target, options),
        ["openai"] = (target, options) => new OpenAiWriter(target, options),
        ["anthropic"] = (target, options) => new AnthropicWriter(target, options),
        ["sharegpt"] = (target, options) => new ShareGptWriter(target, options),
        ["trl"] = (target, options) => new TrlWriter(target, options),
        ["parquet"] = (target, options) => new ParquetTraceWriter(target, options),
        [AgentTraceParquetWriter.FormatName] = (target, options) => new AgentTraceParquetWriter(target, options),
        ["hf-dataset"] = (target, options) => new HfDatasetWriter(target, options),
        ["report"] = (target, options) => new ReportWriter(target, options),
        ["session-manifest"] = (target, options) => new SessionManifestWriter(target, options),
    };

    public static IEnumerable<string> Names => Factories.Keys.Order(StringComparer.Ordinal);

    public static WriterFactory? Find(string format) => Factories.GetValueOrDefault(format);

    /// <summary>
    /// Formats whose file is the plain concatenation of one independent piece per trace (JSONL shapes): shards' files
    /// joined in shard order equal the plain run's. Formats with headers, footers or their own layout are not.
    /// </summary>
    private static readonly HashSet<string> Concatenable = new(StringComparer.OrdinalIgnoreCase) { "original", "trace", "jsonl", "codeact", "tao", "openai", "anthropic", "sharegpt", "trl" };

    public static bool IsConcatenable(string format) => Concatenable.Contains(format);

    /// <summary>
    /// Formats that can hold a sub-agent's conversation inside its parent's record (<c>subagents: inline</c>): a nested
    /// <c>subagent</c> element in <c>codeact</c>, an indented <c>Subagent:</c> block in <c>tao</c>. The chat formats cannot:
    /// their tool message must answer the call right after it, and another agent's turns there would read as the parent's.
    /// </summary>
    private static readonly HashSet<string> Inlining = new(StringComparer.OrdinalIgnoreCase) { "codeact", "tao" };

    public static bool CanInline(string format) => Inlining.Contains(format);

    public static IEnumerable<string> InliningNames => Inlining.Order(StringComparer.Ordinal);
}

namespace TraceCurate.Exports;

/// <summary>
/// The output formats this room writes, one record each, by the name recipes and <c>--format</c> use. Adding a writer
/// is one file and one line here. The tool's full list (with the HTML report, which Inspect registers) is
/// <c>TraceCurate.Catalog.OutputFormats</c>.
/// </summary>
public static class ExportRegistry
{
    public static IReadOnlyList<OutputFormat> Formats { get; } =
    [
        new("original", (target, options) => new OriginalWriter(target, options)) { Concatenable = true },
        new("trace", (target, _) => new TraceJsonlWriter(target)) { Concatenable = true },
        new("jsonl", (target, _) => new TraceJsonlWriter(target)) { Concatenable = true },
        new("codeact", (target, options) => new CodeActWriter(target, options)) { Concatenable = true, Inlines = true },
        new("tao", (target, options) => new TaoWriter(target, options)) { Concatenable = true, Inlines = true },
        new("openai", (target, options) => new OpenAiWriter(target, options)) { Concatenable = true },
        new("anthropic", (target, options) => new AnthropicWriter(target, options)) { Concatenable = true },
        new("sharegpt", (target, options) => new ShareGptWriter(target, options)) { Concatenable = true },
        new("trl", (target, options) => new TrlWriter(target, options)) { Concatenable = true },
        new("atif", (target, options) => new AtifWriter(target, options)) { Concatenable = true },
        new("parquet", (target, options) => new ParquetTraceWriter(target, options)) { Binary = true },
        new(AgentTraceParquetWriter.FormatName, (target, options) => new AgentTraceParquetWriter(target, options)) { Binary = true },
        new("session-manifest", (target, options) => new SessionManifestWriter(target, options)),
        new("hf-dataset", (target, options) => new HfDatasetWriter(target, options)) { Binary = true, NeedsRedaction = true },
    ];

    /// <summary>This room's writer for a format name (any case), or null.</summary>
    public static WriterFactory? Find(string format) =>
        Formats.FirstOrDefault(f => string.Equals(f.Name, format, StringComparison.OrdinalIgnoreCase))?.Create;
}

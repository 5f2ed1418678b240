using System.Buffers;
using System.Text;
using TraceCurate.Parquet;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// <c>format: hf-dataset</c>: a folder ready to push to the Hugging Face Hub: <c>data/train-00000-of-00001.parquet</c>
/// (the <c>trace</c> shape, same options as <c>format: parquet</c>), a <c>README.md</c> dataset card and a copy of the
/// recipe. The recipe must redact or say <c>publish_unredacted: true</c> (checked at load, OutputChecks).
/// </summary>
internal sealed class HfDatasetWriter(OutputTarget target, ExportOptions options) : ITraceWriter
{
    private const string Split = "train";
    private const string Shard = "data/" + Split + "-00000-of-00001.parquet";
    private readonly ParquetWriteOptions _parquet = ParquetTraceWriter.ParseOptions(target, options);
    private readonly ArrayBufferWriter<byte> _json = new();
        private ParquetFileWriter? _writer;

    public long Records { get; private set; }

    public void Write(Trace trace)
    {
        Writer.WriteRow(TraceParquetSchema.Row(trace, _json));
        Records++;
    }

    public void Complete()
    {
        Writer.Dispose();
        var recipe = options.RecipePath is { } path && File.Exists(path) ? File.ReadAllBytes(path) : null;
        if (recipe is not null)
            using (var copy = target.OpenFile("recipe.yaml")) copy.Write(recipe);
        var tags = (options.Get("tags") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var card = HfDatasetCard.Render(options.Get("title") ?? Path.GetFileName(target.RelativePath.TrimEnd('/')), options.Get("license") ?? "other",
            ["trace-curate", "agent-traces", .. tags], Split, $"data/{Split}-*", TraceParquetSchema.Schema, Records, recipe is not null);
        using var readme = target.OpenFile("README.md");
        readme.Write(Encoding.UTF8.GetBytes(card));
    }

    public void Dispose() => _writer?.Dispose();

    private ParquetFileWriter Writer => _writer ??= new ParquetFileWriter(target.OpenFile(Shard), TraceParquetSchema.Schema, _parquet);
}

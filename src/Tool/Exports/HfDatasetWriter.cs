using System.Text;
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
    private readonly ParquetWriteSettings _settings = ParquetWriteSettings.Parse(target, options, "hf-dataset");
    private readonly TraceParquetColumns _columns = new();
    private ParquetOutput? _output;

    public long Records { get; private set; }

    public void Write(Trace trace)
    {
        Output.RowAdded(_columns.Add(trace));
        Records++;
    }

    public void Complete()
    {
        Output.Complete();
        var recipe = options.RecipePath is { } path && File.Exists(path) ? File.ReadAllBytes(path) : null;
        if (recipe is not null)
            using (var copy = target.OpenFile("recipe.yaml")) copy.Write(recipe);
        var tags = (options.Get("tags") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var card = HfDatasetCard.Render(options.Get("title") ?? Path.GetFileName(target.RelativePath.TrimEnd('/')), options.Get("license") ?? "other",
            ["trace-curate", "agent-traces", .. tags], Split, $"data/{Split}-*", _columns.Schema, Records, recipe is not null);
        using var readme = target.OpenFile("README.md");
        readme.Write(Encoding.UTF8.GetBytes(card));
    }

    public void Dispose() => _output?.Dispose();

    private ParquetOutput Output => _output ??= ParquetTraceWriter.Open(target.OpenFile(Shard), _columns, _settings);
}

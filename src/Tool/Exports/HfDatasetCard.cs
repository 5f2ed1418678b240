using System.Text;
using Parquet.Schema;

namespace TraceCurate.Exports;

/// <summary>
/// The <c>README.md</c> dataset card of an <c>hf-dataset</c> folder: YAML front matter the Hub reads (license, tags,
/// <c>configs</c> pointing at the shards, <c>dataset_info</c> with features in the Hub's <c>datasets</c> notation and
/// split sizes), then a short body saying where the data came from. Deterministic: no dates.
/// </summary>
internal static class HfDatasetCard
{
    public static string Render(string title, string license, IReadOnlyList<string> tags, string split, string shardGlob,
        ParquetSchema schema, long rows, bool hasRecipe)
    {
        var y = new StringBuilder();
        y.Append("---\n");
        y.Append("license: ").Append(Quote(license)).Append('\n');
        y.Append("tags:\n");
        foreach (var tag in tags) y.Append("- ").Append(Quote(tag)).Append('\n');
        y.Append("configs:\n- config_name: default\n  data_files:\n");
        y.Append("  - split: ").Append(split).Append("\n    path: ").Append(shardGlob).Append('\n');
        y.Append("dataset_info:\n  features:\n");
        foreach (var field in schema.Fields) Feature(y, field, "  ");
        y.Append("  splits:\n  - name: ").Append(split).Append("\n    num_examples: ").Append(rows).Append('\n');
        y.Append("---\n\n");
        y.Append("# ").Append(title).Append("\n\n");
        y.Append("Agent traces curated by trace-curate ").Append(ToolVersion.Current)
            .Append(", one trace per row in the `trace` shape (columns documented in trace-curate's docs/parquet.md).\n");
        if (hasRecipe) y.Append("\nThe recipe that produced it is `recipe.yaml` beside this card; the run's `manifest.json` (inputs, hashes, ")
            .Append("counts) is written in the output folder's root, next to this dataset folder.\n");
        return y.ToString();
    }

    /// <summary>One feature in the Hub's notation: <c>dtype</c> for scalars, <c>list:</c> of fields for list&lt;struct&gt;, <c>struct:</c>.</summary>
    private static void Feature(StringBuilder y, Field field, string indent)
    {
        y.Append(indent).Append("- name: ").Append(field.Name).Append('\n');
        var inner = indent + "  ";
        switch (field)
        {
            case ListField { Item: StructField element }:
                y.Append(inner).Append("list:\n");
                foreach (var f in element.Fields) Feature(y, f, inner);
                break;
            case ListField { Item: DataField element }:
                y.Append(inner).Append("sequence: ").Append(DType(element)).Append('\n');
                break;
            case StructField s:
                y.Append(inner).Append("struct:\n");
                foreach (var f in s.Fields) Feature(y, f, inner);
                break;
            case DataField d:
                y.Append(inner).Append("dtype: ").Append(DType(d)).Append('\n');
                break;
            default:
                throw new NotSupportedException($"no dataset card feature for {field.SchemaType}");
        }
    }

    private static string DType(DataField f) => f switch
    {
        DateTimeDataField => "timestamp[us, tz=UTC]",
        _ when f.ClrType == typeof(ReadOnlyMemory<char>) || f.ClrType == typeof(string) => "string",
        _ when f.ClrType == typeof(int) => "int32",
        _ when f.ClrType == typeof(long) => "int64",
        _ when f.ClrType == typeof(double) => "float64",
        _ when f.ClrType == typeof(float) => "float32",
        _ when f.ClrType == typeof(bool) => "bool",
        _ => throw new NotSupportedException($"no dataset card dtype for {f.ClrType}"),
    };

    private static string Quote(string s) => "'" + s.Replace("'", "''") + "'";
}

using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;

namespace TraceCurate.Manifests;

/// <summary>Which slice of which plan a part holds; with the part's own (partial) manifest once the shard has run.</summary>
public sealed record PartInfo(int Shard, int Shards, string Plan, int TotalUnits, int FirstUnit, int UnitCount)
{
    public ManifestModel? Manifest { get; init; }
}

/// <summary>
/// <c>part-manifest.json</c>, written by <c>run --shard</c> beside its part outputs: the plan it belongs to and the
/// part's manifest (inputs' counts for its units; a file's size and SHA-256 only from the shard that read its start).
/// </summary>
public static class PartManifest
{
    public const string FileName = "part-manifest.json";

    public static byte[] Write(PartInfo part)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = TraceJsonWriter.Options.Encoder }))
        {
            w.WriteStartObject();
            w.WriteString("tool", "trace-curate");
            w.WriteStartObject("part");
            w.WriteNumber("shard", part.Shard);
            w.WriteNumber("shards", part.Shards);
            w.WriteString("plan", part.Plan);
            w.WriteNumber("total_units", part.TotalUnits);
            w.WriteNumber("first_unit", part.FirstUnit);
            w.WriteNumber("unit_count", part.UnitCount);
            w.WriteEndObject();
            w.WritePropertyName("manifest");
            ManifestJson.Write(w, part.Manifest!);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static PartInfo Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.MergeMismatch,
                $"no {FileName} here: not the output folder of a 'run --shard'", directory));
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var p = doc.RootElement.GetProperty("part");
            return new PartInfo(p.GetProperty("shard").GetInt32(), p.GetProperty("shards").GetInt32(), p.GetProperty("plan").GetString()!,
                p.GetProperty("total_units").GetInt32(), p.GetProperty("first_unit").GetInt32(), p.GetProperty("unit_count").GetInt32())
            {
                Manifest = ManifestJson.Read(doc.RootElement.GetProperty("manifest")),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.ManifestInvalid, $"not a part manifest: {e.Message}", path));
        }
    }
}

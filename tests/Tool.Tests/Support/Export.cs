using System.Text.Json;
using TraceCurate.Exports;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Support;

/// <summary>Runs one writer in memory, as a recipe output would, and returns its lines parsed.</summary>
public static class Export
{
    public static IReadOnlyList<JsonElement> Records(string format, ExportOptions? options, params Trace[] traces) =>
        Lines(format, options, traces).Select(l => Some.Json(l)).ToList();

    public static IReadOnlyList<string> Lines(string format, ExportOptions? options, params Trace[] traces)
    {
        using var temp = new TempFolder();
        var target = new OutputTarget("out.jsonl", temp.Path);
        using (var writer = ExportRegistry.Find(format)!(target, options ?? ExportOptions.Default))
        {
            foreach (var t in traces) writer.Write(t);
            writer.Complete();
        }
        var bytes = File.ReadAllBytes(temp.File("out.jsonl"));
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB, "no BOM");
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("\r", text);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}

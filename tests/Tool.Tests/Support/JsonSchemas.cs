using System.Text.Json;
using Json.Schema;

namespace TraceCurate.Tests.Support;

/// <summary>Validates a <c>--json</c> document against its schema in <c>docs/schemas/</c>, the files users read.</summary>
public static class JsonSchemas
{
    public static JsonElement AssertValid(string schemaName, string json)
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "schemas", schemaName + ".schema.json")));
        var document = JsonDocument.Parse(json).RootElement;
        var result = schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"not valid against {schemaName}.schema.json:\n" + string.Join("\n", Errors(result)) + "\n" + json);
        return document;
    }

    private static IEnumerable<string> Errors(EvaluationResults result) =>
        (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"));
}

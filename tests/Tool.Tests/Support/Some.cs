using System.Text.Json;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Tests.Support;

/// <summary>Throwaway traces and parts, built in code, for tests that need a trace but not a file.</summary>
public static class Some
{
    public static Trace Trace(string id = "t1", params Action[] actions) => new()
    {
        Id = id,
        Format = "test",
        Task = "do the thing",
        Messages = [new Message { Role = Role.User, Text = "do the thing" }],
        Actions = actions.Select((a, i) => a with { Index = i }).ToList(),
    };

    public static Action Action(string name = "bash", bool failed = false, string? output = null, int? exitCode = null) =>
        new() { Name = name, Failed = failed, Output = output, ExitCode = exitCode };

    public static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}

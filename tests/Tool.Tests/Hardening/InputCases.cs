using System.Text.Json;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// Helpers for the hostile-input tests: the bundled AgentTrace sample (one trace per non-empty line, so the expected
/// count comes from the raw file, not from the tool), the tool run as a process through bash (for real pipes), and
/// the figures <c>inspect --json</c> gives per input.
/// </summary>
internal static class InputCases
{
    public static string Sample => RepoPaths.Samples("agenttrace/mbpp.jsonl");

    /// <summary>The sample's non-empty lines: each is one AgentTrace run, one trace.</summary>
    public static string[] SampleLines => RepoPaths.SampleLines("agenttrace/mbpp.jsonl");

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>What a <see cref="Bash"/> command is prefixed with so that file modes hold: root reads any file, so as root it runs as nobody.</summary>
    public static string AsUnprivileged => IsRoot ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";

    /// <summary>Runs a bash script with <c>$TOOL</c> standing for the built tool (<c>dotnet TraceCurate.dll</c>).</summary>
    public static Processes.Result Bash(string script, string workingDirectory, TimeSpan? timeout = null) =>
        Processes.Run("bash", ["-c", script], new Dictionary<string, string?>
        {
            ["TOOL"] = $"dotnet {RepoPaths.ToolDll}",
            ["TRACE_CURATE_CACHE"] = TempFolder.SharedCache,
            ["DOTNET_CLI_HOME"] = Path.GetTempPath(),
        }, workingDirectory, timeout ?? TimeSpan.FromMinutes(2));

    /// <summary>The <c>inputs</c> entries of <c>inspect --json</c>: records, bad and truncated records, traces.</summary>
    public static JsonElement[] Inputs(string inspectJson)
    {
        using var doc = JsonDocument.Parse(inspectJson);
        return doc.RootElement.GetProperty("inputs").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    /// <summary>Runs <paramref name="action"/> and fails (rather than hanging the suite) if it takes longer than the limit.</summary>
    public static T Within<T>(TimeSpan limit, Func<T> action)
    {
        var task = Task.Run(action);
        Assert.True(task.Wait(limit), $"did not finish within {limit.TotalSeconds} s (a hang)");
        return task.Result;
    }

    public static (int Exit, string Out, string Err) Cli(params string[] args)
    {
        var result = Support.Cli.Run(args);
        Assert.DoesNotContain("Unhandled exception", result.Err);
        return (result.ExitCode, result.Out, result.Err);
    }
}

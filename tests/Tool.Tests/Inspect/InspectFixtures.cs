using TraceCurate.Tests.Support;
using TraceCurate.Cli;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Tests.Inspect;

/// <summary>Paths, a hand-made trace set with hand-computed figures, and a CLI runner for the inspect tests.</summary>
internal static class InspectFixtures
{
    public static string RepoRoot => RepoPaths.Root;

    public static string Samples => Path.Combine(RepoRoot, "samples", "agenttrace");

    public static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tc-inspect-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static Action Act(int index, string name, double ms, bool failed = false, bool interrupted = false) => new()
    {
        Index = index, Name = name, Duration = TimeSpan.FromMilliseconds(ms), Failed = failed, Interrupted = interrupted,
    };

    /// <summary>
    /// Three traces. A (model a): bash 10 ms ok, bash 20 ms failed, edit 30 ms ok; 100 in / 10 out tokens, $0.5; 1 s;
    /// one recovery; success. B (model b): bash 40 ms failed, bash 50 ms interrupted; 200 in + 5 cache read tokens, no
    /// cost; 3 s; one unrecovered error; failure. C (model a): nothing known.
    /// </summary>
    public static IReadOnlyList<Trace> HandMade() =>
    [
        new Trace
        {
            Id = "A", Format = "trace", Model = "a", Duration = TimeSpan.FromSeconds(1),
            Messages = [new Message { Role = Role.User, Text = "go" }, new Message { Role = Role.Assistant, Text = "ok" }],
            Actions = [Act(0, "bash", 10), Act(1, "bash", 20, failed: true), Act(2, "edit", 30)],
            Usage = new Usage { InputTokens = 100, OutputTokens = 10, CostUsd = 0.5m },
            Recoveries = [new Recovery(1, 2)], Outcome = Outcome.Success,
            Metadata = System.Text.Json.JsonDocument.Parse("{\"dataset\":\"x\"}").RootElement,
        },
        new Trace
        {
            Id = "B", Format = "trace", Model = "b", Duration = TimeSpan.FromSeconds(3),
            Messages = [new Message { Role = Role.User, Text = "go" }],
            Actions = [Act(0, "bash", 40, failed: true), Act(1, "bash", 50, interrupted: true)],
            Usage = new Usage { InputTokens = 200, CacheReadTokens = 5 },
            UnrecoveredErrors = [0], Outcome = Outcome.Failure,
        },
        new Trace { Id = "C", Format = "trace", Model = "a" },
    ];
}

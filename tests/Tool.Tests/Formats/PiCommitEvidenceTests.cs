using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The outcome's commit and pull-request evidence on Pi sessions, whose shell commands the analysis rules out from their
/// arguments' bytes without decoding them (<c>OutcomeAnalyzer.SpellsNoGit</c>): the words spelled plainly, through
/// <c>\u</c> escapes, beside other escapes, in <c>cmd</c> or an array, and absent, against the evidence worked out from
/// the parsed arguments.
/// </summary>
public sealed class PiCommitEvidenceTests
{
    private const string Header = """{"type":"session","version":3,"id":"s1","timestamp":"2026-02-10T08:00:00.000Z","cwd":"/w"}""";

    private const string User = """{"type":"message","id":"u1","parentId":null,"timestamp":"2026-02-10T08:00:01.000Z","message":{"role":"user","content":"go","timestamp":1}}""";

    [Theory]
    [InlineData("""{"command":"git commit -m fix"}""", "has_commit", false)]
    [InlineData("""{"command":"\u0067it commit -m fix"}""", "has_commit", false)]
    [InlineData("""{"command":"g\u0069t commit -m fix"}""", "has_commit", false)]
    [InlineData("""{"command":"cd /w\n\u0067h pr create --fill"}""", "has_pr", false)]
    [InlineData("""{"command":"echo \"x\"; gh pr create"}""", "has_pr", false)]
    [InlineData("""{"cmd":"git commit -am x","timeout":5}""", "has_commit", false)]
    [InlineData("""{"command":["bash","-lc","git commit -m x"]}""", "has_commit", false)]
    [InlineData("""{"command":"g\\it commit"}""", "", true)]
    [InlineData("""{"command":"ls -la \"a b\"\nwc -l x"}""", "", true)]
    [InlineData("""{"command":"make test","note":"\\u0067it"}""", "", false)]
    [InlineData("""{"other":"git commit"}""", "", false)]
    [InlineData("""{"command":"echo ok"}""", "", true)]
    public void Commit_evidence_is_that_of_the_decoded_command(string arguments, string evidence, bool ruledOut)
    {
        var call = $$$"""{"type":"message","id":"a1","parentId":"u1","timestamp":"2026-02-10T08:00:02.000Z","message":{"role":"assistant","content":[{"type":"toolCall","id":"c1","name":"bash","arguments":{{{arguments}}}}],"provider":"p","model":"m","stopReason":"toolUse"}}""";
        const string result = """{"type":"message","id":"r1","parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z","message":{"role":"toolResult","toolCallId":"c1","content":[{"type":"text","text":"done"}],"isError":false}}""";
        const string end = """{"type":"message","id":"a2","parentId":"r1","timestamp":"2026-02-10T08:00:04.000Z","message":{"role":"assistant","content":[{"type":"text","text":"Done."}],"provider":"p","model":"m","stopReason":"stop"}}""";
        var text = string.Join("\n", Header, User, call, result, end, "");

        var fresh = Assert.Single(ReaderRun.Text(new PiReader(), text));
        Assert.Equal(ruledOut, OutcomeAnalyzer.SpellsNoGit(fresh.Actions[0]));
        var analyzed = TraceAnalyzer.Analyze(fresh);
        var fast = (analyzed.Outcome, analyzed.OutcomeEvidence);

        // The reference: the same trace with its arguments parsed, so the command is decoded and looked at.
        var parsed = Assert.Single(ReaderRun.Text(new PiReader(), text));
        var withArguments = parsed with { Actions = parsed.Actions.Select(a => a with { Arguments = a.Arguments }).ToList() };
        Assert.False(OutcomeAnalyzer.SpellsNoGit(withArguments.Actions[0]));
        var plain = TraceAnalyzer.Analyze(withArguments);
        Assert.Equal((plain.Outcome, plain.OutcomeEvidence), fast);
        Assert.Equal(evidence, string.Join(',', (analyzed.OutcomeEvidence ?? "").Split(',').Where(e => e is "has_commit" or "has_pr")));
    }
}

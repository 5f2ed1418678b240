using System.Text;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Tests.Traces;

/// <summary>
/// <see cref="ToolFamilies.MayBeVerifier"/> rules commands out without parsing them: whenever it says no, the parsed
/// signature must be no verifier (<see cref="ToolFamilies.KeysOf(Action, string?)"/> gives no verifier key), on every
/// shell command of the corpus and the samples and on generated commands that spell verifiers in every way the parser
/// accepts (paths, capitals, aliases, wrappers, python -m, quotes, escapes, non-ASCII look-alikes).
/// </summary>
public sealed class VerifierPrefilterTests
{
    [CorpusFact]
    public void No_corpus_command_it_rules_out_is_a_verifier()
    {
        var (commands, ruledOut) = (0, 0);
        var files = RepoPaths.CorpusAndSampleFiles();
        foreach (var path in files)
            foreach (var t in AnalysisEquivalenceTests.Traces(path))
                foreach (var a in t.Actions)
                    if (ToolFamilies.Of(a.Name) == ToolFamily.Shell)
                    {
                        commands++;
                        if (!ToolFamilies.MayBeVerifier(ShellCommand.TextOf(a))) ruledOut += AssertNoVerifier(a, path);
                    }
        Assert.True(commands >= 500 && ruledOut >= 100, $"{ruledOut} of {commands} commands ruled out");
    }

    private static readonly string[] Pieces =
    [
        "pytest", "PyTest", "/usr/bin/make", "MAKE", "py", "py.test", "python3.12", "Python", "python -m", "tox", "go", "GO", "test",
        "build", "cargo", "npm", "run", "pnpm", "yarn", "bun", "dotnet", "mvn", "gradlew", "jest", "tsc", "ruff", "ls", "cat", "git",
        "status", "echo", "cd /repo", "&&", "|", ";", "\n", "FOO=1", "sudo", "timeout 5", "npx", "uv run", "-q", "tests/", "check.py",
        "'", "\"", "\\", "\u212Aelvin", "MA\u212AE", "ma\u212Ae", "é", "x", "/", " ", "  ",
    ];

    [Fact]
    public void No_generated_command_it_rules_out_is_a_verifier()
    {
        var random = new Random(41);
        var (ruledOut, verifiers) = (0, 0);
        for (var n = 0; n < 30000; n++)
        {
            var text = new StringBuilder();
            for (var k = random.Next(1, 8); k > 0; k--) text.Append(Pieces[random.Next(Pieces.Length)]).Append(random.Next(3) == 0 ? "" : " ");
            var action = new Action { Name = "bash", Input = text.ToString() };
            if (ToolFamilies.KeysOf(action, "/repo").Verifier is not null) verifiers++;
            if (!ToolFamilies.MayBeVerifier(text.ToString())) ruledOut += AssertNoVerifier(action, "generated");
        }
        Assert.True(ruledOut > 1000 && verifiers > 1000, $"{ruledOut} ruled out, {verifiers} verifiers: the cases do not exercise both sides");
    }

    private static int AssertNoVerifier(Action a, string context)
    {
        var keys = ToolFamilies.KeysOf(a, null);
        Assert.True(keys.Verifier is null, $"{context}: ruled out, yet a verifier: {ShellCommand.TextOf(a)} -> {keys.Verifier}");
        return 1;
    }
}

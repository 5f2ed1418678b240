using TraceCurate.Traces;

namespace TraceCurate.Tests.Traces;

public sealed class ShellCommandTests
{
    [Theory]
    [InlineData("cd myapp && python hoge.py", "python hoge.py", "python", "myapp")]
    [InlineData("cd myapp && python3 hoge.py", "python hoge.py", "python", "myapp")]
    [InlineData("python -m pytest -q tests/test_x.py", "pytest tests/test_x.py", "pytest", null)]
    [InlineData("npm run test -- --watch=false", "npm run:test", "npm run:test", null)]
    [InlineData("git commit -m 'fix: a && b'", "git commit fix: a && b", "git commit", null)]
    [InlineData("make 2>&1 | tee log", "make", "make", null)]
    [InlineData("FOO=1 timeout 30 uv run pytest -x", "pytest", "pytest", null)]
    [InlineData("find . -name '*.txt' -print0 | xargs -0 wc -l", "find .", "find", null)]
    [InlineData("echo \"unbalanced", "echo \"unbalanced", "echo", null)]
    public void Signature_is_program_subcommand_and_first_argument(string command, string exact, string loose, string? cwd)
    {
        var sig = ShellCommand.Signature(command)!;
        Assert.Equal(exact, sig.Exact);
        Assert.Equal(loose, sig.Loose);
        Assert.Equal(cwd, sig.Cwd);
    }

    [Theory]
    [InlineData("grep -rn x . | head -5", "head")]
    [InlineData("ls; grep x y", "grep")]
    [InlineData("make 2>&1 | tee log", "tee")]
    [InlineData("sudo diff -u a b", "diff")]
    [InlineData("cd repo && git grep -n foo", "git grep")]
    public void Last_program_is_the_last_pipe_element_of_the_last_segment(string command, string expected) =>
        Assert.Equal(expected, ShellCommand.LastProgram(command));
}

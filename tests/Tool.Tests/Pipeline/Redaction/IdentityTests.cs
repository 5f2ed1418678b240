using TraceCurate.Steps.Redaction;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline.Redaction;

/// <summary>
/// Identities: each pattern a trace reveals a user or host name by, in the shape real sessions show it (the corpus
/// has <c>ls -l</c> owner columns, <c>/home/NAME</c> and <c>/Users/NAME</c> paths and <c>-Users-NAME-…</c> project
/// folders), and the name then replaced everywhere in the trace.
/// </summary>
public sealed class IdentityTests
{
    public static TheoryData<string, string?, string?> Shapes => new()
    {
        { "total 48\ndrwxrwxr-x  4 mkowal mkowal  4096 Mar  3 10:12 src\n-rwxrwxr-x  1 mkowal mkowal 28272 Mar  3 10:12 run.sh", "mkowal", null },
        { "-rw-r--r--@ 1 mkowal  staff  1358 Mar  3 10:12 README.md", "mkowal", null },
        { "mkowal@buildbox-7:~/proj$ make test", "mkowal", "buildbox-7" },
        { "mkowal@buildbox-7:/srv/app# systemctl restart app", "mkowal", "buildbox-7" },
        { "[mkowal@buildbox-7 proj]$ ls", "mkowal", "buildbox-7" },
        { "mkowal@Marias-MacBook-Pro ~ % git status", "mkowal", "Marias-MacBook-Pro" },
        { "[sudo] password for mkowal: \nSorry, try again.", "mkowal", null },
        { "File created successfully at: /home/mkowal/proj/main.py", "mkowal", null },
        { "cwd: /Users/mkowal/agent-sample/myapp", "mkowal", null },
        { @"C:\Users\mkowal\repo\src\app.ts(3,1): error TS1005", "mkowal", null },
        { "~/.claude/projects/-home-mkowal-proj/1af7fc5e.jsonl", "mkowal", null },
        { "\"projectPath\":\"--Users-mkowal-work-app\"", "mkowal", null },
        { "-Users-mkowal-tmp", "mkowal", null },
        { "C--Users-mkowal-repo", "mkowal", null },
        { "USER=mkowal\nHOSTNAME=buildbox-7\nSHELL=/bin/bash", "mkowal", "buildbox-7" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Each_shape_reveals_its_names(string text, string? user, string? host)
    {
        var users = new SortedSet<string>();
        var hosts = new SortedSet<string>();
        IdentityFinder.Collect(text, users, hosts);
        Assert.Equal(user is null ? [] : [user], users);
        Assert.Equal(host is null ? [] : [host], hosts);
    }

    [Theory]
    [InlineData("root@3f2a9c1d:/# ls -la")]
    [InlineData("npm ls\napp@1.0.0 /srv/app\n└── left-pad@1.3.0")]
    [InlineData("drwxr-xr-x  2 root root 4096 Jan  1 00:00 etc")]
    [InlineData("git clone git@github.com:acme/app.git")]
    [InlineData("/home/runner/work/app/app and /Users/Shared/x")]
    [InlineData("mail jane.doe@example.org about the release")]
    public void Generic_accounts_and_look_alikes_reveal_no_one(string text)
    {
        var users = new SortedSet<string>();
        var hosts = new SortedSet<string>();
        IdentityFinder.Collect(text, users, hosts);
        Assert.Empty(users);
        Assert.Empty(hosts);
    }

    [Fact]
    public void A_name_found_once_is_replaced_everywhere_in_the_trace_and_listed_names_too()
    {
        using var folder = new TempFolder();
        var lines = AgentTraceLines.Samples().Take(2).Select((l, i) => AgentTraceLines.Edit(l, o =>
        {
            o["prompt"] = i == 0 ? "fix the build; I am mkowal on buildbox-7, ask acme-corp" : "nothing personal here, mkowal";
            var span = o["spans"]![0]!;
            span["tool_output"] = i == 0 ? "mkowal@buildbox-7:~/proj$ git log -1\nAuthor: mkowal <m@example.org>" : "ok";
        })).ToList();
        folder.Write("in.jsonl", lines);
        RecipeRun.Run(folder, """
            name: identities
            inputs: [in.jsonl]
            steps:
              - {name: scrub, redact: {detectors: [identities], names: [acme-corp]}}
            outputs: [{path: t.jsonl, format: trace}, {path: o.jsonl, format: original}]
            """);
        var first = File.ReadAllLines(folder["out/t.jsonl"])[0] + File.ReadAllLines(folder["out/o.jsonl"])[0];
        Assert.DoesNotContain("mkowal", first);
        Assert.DoesNotContain("buildbox-7", first);
        Assert.DoesNotContain("acme-corp", first);
        Assert.Contains("I am <redacted:user> on <redacted:host>", first);
        // Names are found per trace: the second trace reveals none, so its mention stays (no name leaks across traces
        // either way: the other trace's names are never looked for here).
        Assert.Contains("nothing personal here, mkowal", File.ReadAllLines(folder["out/t.jsonl"])[1]);
    }
}

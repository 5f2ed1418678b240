using TraceCurate.Reading;
using System.Security.Cryptography;
using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Inspect;
using TraceCurate.Pipeline;
using TraceCurate.Recipes;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// opencode sessions (input-formats-2 §6): the JSON storage in <c>samples/opencode/storage/</c> (written for these
/// tests; expected values read off its files by hand), and the shared corpus and the samples against
/// <c>tests/corpus-counts/opencode.py</c>, which groups the raw files by their <c>sessionID</c> on its own.
/// </summary>
public sealed class OpencodeReaderTests
{
    private const string Main = "ses_01JGX0A1B2C3D4E5F6G7H8J9K0";
    private const string Sub = "ses_01JGX0B7M8N9P0Q1R2S3T4V5W6";

    private static string Storage => RepoPaths.Samples("opencode", "storage");

    private static string SessionFile(string id) => Path.Combine(Storage, "session", "a3f1c9e2d4b6", id + ".json");

    [Fact]
    public void A_session_is_read_with_its_messages_and_parts_tool_states_and_step_usage()
    {
        var trace = Assert.Single(ReaderRun.File(new OpencodeReader(), SessionFile(Main)));
        Assert.Equal(Main, trace.Id);
        Assert.Equal("The cart total is off by a cent for 3 x 0.1. Fix it.", trace.Task);
        Assert.Equal("/home/dev/shop", trace.Cwd);
        Assert.Equal(TraceKind.Main, trace.Kind);
        Assert.Equal(["bash", "task", "edit", "edit", "bash", "bash"], trace.Actions.Select(a => a.Name));
        var tests = trace.Actions[0]; // completed, metadata.exit 1
        Assert.Equal(1, tests.ExitCode);
        Assert.True(tests.Failed);
        Assert.False(tests.NativeIsError);
        var edit = trace.Actions[2]; // state error
        Assert.True(edit.NativeIsError);
        Assert.True(edit.Failed);
        Assert.Equal("oldString not found in content", edit.Output);
        Assert.True(trace.Actions[4].Interrupted); // error with metadata.interrupted: not the agent's failure
        Assert.False(trace.Actions[4].Failed);
        Assert.True(trace.Actions[5].Interrupted); // left running
        Assert.Equal("[Tool execution was interrupted]", trace.Messages.Last(m => m.ToolCallId == "toolu_06").Text);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), tests.Duration);
        // Two user messages, the synthetic text part as an injected one, the file part named in the second.
        Assert.Equal(2, trace.Messages.Count(m => m.Role == Role.User && m.Kind == MessageKind.Normal));
        Assert.StartsWith("Called the Read tool", Assert.Single(trace.Messages, m => m.Kind == MessageKind.Injected).Text);
        Assert.Contains("[file: money.py]", trace.Messages.Where(m => m.Role == Role.User).Last().Text);
        Assert.Equal(3, trace.Turns);
        Assert.StartsWith("Floats add 0.1", trace.Messages.First(m => m.Role == Role.Assistant).Thinking);
        // Usage: the three step-finish parts (400+500+300 input), and the last message's own tokens (no step: approximate).
        Assert.Equal(400 + 500 + 300 + 120, trace.Usage.InputTokens);
        Assert.Equal(2000 + 2000 + 6000 + 6100, trace.Usage.CacheReadTokens);
        Assert.Equal(300, trace.Usage.CacheWriteTokens);
        Assert.Equal(0.0061m + 0.0062m + 0.004m + 0.002m, trace.Usage.CostUsd);
        Assert.Equal(3, trace.Usage.ApiCalls);
        Assert.True(trace.Usage.Approximate);
        Assert.Equal("stop", trace.NativeOutcome); // the last assistant message's finish
        Assert.Contains(trace.Warnings, w => w.Contains("MessageAbortedError"));
        Assert.Equal("patch", trace.Meta("parts.0.type")); // editor state, kept aside in metadata
        Assert.Equal("Fix the cart total rounding", trace.Meta("title"));
    }

    [Fact]
    public void A_subagent_session_names_its_parent()
    {
        var trace = Assert.Single(ReaderRun.File(new OpencodeReader(), SessionFile(Sub)));
        Assert.Equal(TraceKind.Subagent, trace.Kind);
        Assert.Equal(Main, trace.ParentId);
        Assert.Equal("grep", Assert.Single(trace.Actions).Name);
    }

    [Fact]
    public void A_storage_folder_input_gives_one_trace_per_session_and_lists_every_session_file_as_an_input()
    {
        var inputs = InputResolver.Resolve([new InputSpec(Storage, RepoPaths.Root, new RecipePosition("--input", 0, 0))], null);
        var files = Directory.EnumerateFiles(Storage, "*.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}project{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}todo{Path.DirectorySeparatorChar}"))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, inputs.Select(i => i.Path)); // each message and part file an input: each is hashed in the manifest
        Assert.All(inputs, i => Assert.Equal("opencode", i.Reader.Format));
        var inspection = InspectJob.Run(new InspectOptions { Inputs = [Storage], Threads = 2 });
        Assert.Equal(2, inspection.Total.Traces);
        Assert.Equal(7, inspection.Total.Actions);
    }

    [Fact]
    public void A_run_manifest_hashes_each_file_of_a_session()
    {
        using var folder = new TempFolder();
        var run = RecipeRun.Run(folder, $"name: oc\ninputs:\n  - {Storage}\noutputs:\n  - path: traces.jsonl\n    format: trace\n");
        Assert.Equal(2, RecipeRun.Ids(folder["out/traces.jsonl"]).Count);
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(folder["out/manifest.json"]));
        var part = Path.Combine(Storage, "part", "msg_01JGX0A200", "prt_01JGX0A204.json");
        var entry = manifest.RootElement.GetProperty("inputs").EnumerateArray().Single(i => Path.GetFullPath(i.GetProperty("path").GetString()!, folder.Path) == part
            || i.GetProperty("path").GetString()!.EndsWith("part/msg_01JGX0A200/prt_01JGX0A204.json", StringComparison.Ordinal));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(part))), entry.GetProperty("sha256").GetString());
        Assert.Equal(0, entry.GetProperty("traces").GetInt64()); // read with its session
    }

    [Fact]
    public void A_message_file_without_its_session_among_the_inputs_is_refused_naming_the_session_file()
    {
        var message = Path.Combine(Storage, "message", Main, "msg_01JGX0A100.json");
        var e = Assert.Throws<TraceCurateException>(() =>
            InputResolver.Resolve([new InputSpec(message, RepoPaths.Root, new RecipePosition("--input", 0, 0))], null));
        var diagnostic = Assert.Single(e.Diagnostics);
        Assert.Equal(message, diagnostic.Path);
        Assert.Contains(SessionFile(Main), diagnostic.Message);
    }

    [Fact]
    public void Every_opencode_sample_record_is_claimed_by_opencode_only_and_no_other_sample_by_opencode()
    {
        foreach (var path in Directory.EnumerateFiles(Storage, "*.json", SearchOption.AllDirectories).Where(p => !OpencodeSideFile(p)))
            Assert.Equal(["opencode"], FormatRegistry.Readers.Where(r => r.Sniff(FormatDetector.ReadHead(path))).Select(r => r.Format));
        var reader = new OpencodeReader();
        var others = Directory.EnumerateDirectories(RepoPaths.Samples()).Where(d => Path.GetFileName(d) != "opencode")
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories)).ToList();
        Assert.NotEmpty(others);
        Assert.DoesNotContain(others, p => reader.Sniff(FormatDetector.ReadHead(p)));
    }

    [Fact]
    public void A_damaged_part_file_is_a_bad_record_naming_the_file()
    {
        using var folder = new TempFolder();
        var session = folder.Write("session/p/ses_1.json", """{"id":"ses_1","projectID":"p","directory":"/w","title":"t","time":{"created":1,"updated":2}}""");
        folder.Write("message/ses_1/msg_1.json", """{"id":"msg_1","sessionID":"ses_1","role":"assistant","time":{"created":1}}""");
        folder.Write("part/msg_1/prt_1.json", """{"id":"prt_1","sessionID":"ses_1","messageID":"msg_1","type":"text","text":"cut""");
        var e = Assert.Throws<BadRecordException>(() => ReaderRun.File(new OpencodeReader(), session));
        Assert.Contains("part/msg_1/prt_1.json", e.Message);
        // In a folder input the damaged file is an input too, refused on its own: it is never dropped without a word.
        Assert.Throws<TraceCurateException>(() => InputResolver.Resolve([new InputSpec(folder.Path, folder.Path, new RecipePosition("--input", 0, 0))], null));
    }

    public static TheoryData<string> Folders() => new("samples", "corpus");

    [CorpusTheory("opencode")]
    [MemberData(nameof(Folders))]
    public void Every_session_has_the_calls_failures_messages_and_usage_its_raw_files_hold(string where)
    {
        var folder = where == "corpus" ? CorpusCounts.File("opencode") : Storage;
        var expected = CorpusCounts.Run("opencode.py", folder);
        var traces = TraceReading.Read(InputResolver.Resolve([new InputSpec(folder, RepoPaths.Root, new RecipePosition("--input", 0, 0))], null),
            new TraceReadingOptions { Threads = 1 }).Select(r => r.Trace).ToList();
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), traces.Select(t => t.Id).Order(StringComparer.Ordinal));
        foreach (var trace in traces)
        {
            var c = expected.GetProperty(trace.Id);
            Assert.Equal(Int(c, "tool_calls"), trace.Actions.Count);
            Assert.Equal(Int(c, "failed"), trace.Actions.Count(a => a.Failed));
            Assert.Equal(Int(c, "native_errors"), trace.Actions.Count(a => a.NativeIsError == true));
            Assert.Equal(Int(c, "interrupted"), trace.Actions.Count(a => a.Interrupted));
            Assert.Equal(Int(c, "user"), trace.Messages.Count(m => m.Role == Role.User && m.Kind == MessageKind.Normal));
            Assert.Equal(Int(c, "assistant"), trace.Messages.Count(m => m.Role == Role.Assistant));
            Assert.Equal(Int(c, "input"), trace.Usage.InputTokens ?? 0);
            Assert.Equal(Int(c, "output"), trace.Usage.OutputTokens ?? 0);
            Assert.Equal(Int(c, "cache_read"), trace.Usage.CacheReadTokens ?? 0);
            Assert.Equal(c.GetProperty("cost").GetDecimal(), trace.Usage.CostUsd ?? 0);
        }
        // The read report counts every file of every session once.
        var read = InspectJob.Run(new InspectOptions { Inputs = [folder], Threads = 1 }).Inputs.Where(i => i.Read is not null).Sum(i => i.Read!.Records);
        Assert.Equal(expected.EnumerateObject().Sum(p => Int(p.Value, "files")), read);
    }

    private static bool OpencodeSideFile(string path) => path.Contains("/project/") || path.Contains("/todo/");

    private static long Int(JsonElement e, string name) => e.GetProperty(name).GetInt64();
}

using System.Collections;
using System.Reflection;
using System.Text.Json;
using Parquet.Schema;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Tests.Parquet;

/// <summary>
/// The issue's round trip: <c>trace</c> JSONL → <c>parquet</c> (and <c>hf-dataset</c>) → read → <c>trace</c> JSONL gives
/// the same bytes, for the samples and the real corpus files of every reader, with both codecs; the Parquet files are
/// the same bytes whatever <c>--threads</c>. The reference is the first JSONL itself: nothing is allowed to change.
/// </summary>
public sealed class TraceParquetRoundTripTests
{
    private static readonly string[] SampleFolders =
        ["agenttrace", "atif", "chat-rows", "claude-code", "codex", "gemini-cli", "hf-chat-rows", "mini-swe-agent", "opencode",
         "openhands", "openhands-output", "pi", "swe-agent"];

    private static readonly string[] CorpusFolders = ["claude-code", "codex", "gemini-cli", "mini-swe-agent", "opencode", "openhands", "pi", "swe-agent"];

    public static TheoryData<string> Codecs => new() { "snappy", "zstd" };

    public static TheoryData<string, string> CorpusCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in CorpusFolders)
        foreach (var codec in new[] { "snappy", "zstd" })
            data.Add(folder, codec);
        return data;
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Samples_of_every_format_come_back_from_parquet_and_hf_dataset_as_the_same_bytes(string codec)
    {
        using var dir = new TempFolder();
        var jsonl = dir.File("a.jsonl");
        Assert.Equal(0, Support.Cli.Run(["export", .. SampleFolders.Select(s => RepoPaths.Samples(s)), "-f", "trace", "-o", jsonl]).ExitCode);
        AssertRoundTrip(dir, jsonl, codec, minimumTraces: 40);
    }

    [CorpusTheory]
    [MemberData(nameof(CorpusCases))]
    public void Corpus_files_of_every_reader_come_back_from_parquet_and_hf_dataset_as_the_same_bytes(string folder, string codec)
    {
        using var dir = new TempFolder();
        var jsonl = dir.File("a.jsonl");
        var export = Support.Cli.Run("export", RepoPaths.CorpusFolder(folder)!, "-f", "trace", "-o", jsonl);
        Assert.True(export.ExitCode == 0, export.Err);
        AssertRoundTrip(dir, jsonl, codec, minimumTraces: 1);
    }

    [Fact]
    public void Every_field_of_a_trace_comes_back_from_parquet_and_hf_dataset()
    {
        AssertEveryModelFieldIsSet(FullTrace());
        using var dir = new TempFolder();
        var written = dir.Write("written.jsonl", string.Join("\n", Export.Lines("trace", null, FullTrace(), MinimalTrace())) + "\n");
        // Read once as a recipe would read it (the analyzer settles the failure fields), keeping every key of the model's JSON.
        var jsonl = dir.File("a.jsonl");
        Assert.Equal(0, Support.Cli.Run("export", written, "-f", "trace", "-o", jsonl).ExitCode);
        Assert.Equal(File.ReadLines(written).Select(Keys), File.ReadLines(jsonl).Select(Keys));
        AssertRoundTrip(dir, jsonl, "zstd", minimumTraces: 2);
    }

    /// <summary>
    /// The trace JSON writer's key set for a trace with every field set is exactly the typed columns' paths plus the keys
    /// the <c>extra</c> columns hold at the same level: a key the writer adds that has no column and is not in an
    /// <c>extra</c> (a new field written in the first table, say) fails here.
    /// </summary>
    [Fact]
    public void The_extra_columns_hold_exactly_the_trace_json_keys_that_have_no_column()
    {
        using var dir = new TempFolder();
        var jsonl = dir.Write("a.jsonl", Export.Lines("trace", null, FullTrace())[0] + "\n");
        var parquet = dir.File("a.parquet");
        Assert.Equal(0, Support.Cli.Run("export", jsonl, "-f", "parquet", "-o", parquet).ExitCode);

        using var json = JsonDocument.Parse(File.ReadAllText(jsonl));
        var written = new SortedSet<string>(StringComparer.Ordinal);
        KeyPaths(json.RootElement, "", written);
        Assert.Contains("messages[].usage.reasoning_tokens", written);

        var columns = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var field in ParquetFiles.Footer(parquet, r => r.Schema.Fields)) ColumnPaths(field, "", columns);
        Assert.Contains("extra", columns);
        Assert.Contains("messages[].extra", columns);
        Assert.Contains("actions[].extra", columns);
        columns.RemoveWhere(p => p == "extra" || p.EndsWith(".extra", StringComparison.Ordinal));

        var row = ParquetFiles.Rows(parquet).Single();
        var carried = new SortedSet<string>(StringComparer.Ordinal);
        ExtraPaths(row, "", carried);

        // The extra repeats a typed value only where the column cannot hold it: the sub-microsecond start and the
        // usage whose cost a DOUBLE would change (and which has keys the columns lack).
        Assert.Equal(["started_at", "usage", "usage.cache_read_tokens", "usage.cache_write_tokens", "usage.cost_usd", "usage.input_tokens", "usage.output_tokens"],
            columns.Intersect(carried).Order(StringComparer.Ordinal));
        Assert.Equal(written, new SortedSet<string>(columns.Union(carried), StringComparer.Ordinal));
    }

    /// <summary>
    /// The <c>extra</c> strings are ordinary JSON text to DuckDB: its counts of sub-agent traces, classified actions and
    /// timestamped messages from them equal the counts over the JSONL, read with System.Text.Json.
    /// </summary>
    [InteropFact]
    public void DuckDB_reads_the_extra_columns_as_json_text()
    {
        using var dir = new TempFolder();
        var jsonl = dir.File("a.jsonl");
        Assert.Equal(0, Support.Cli.Run("export", RepoPaths.Samples("claude-code"), RepoPaths.Samples("pi"), "-f", "trace", "-o", jsonl).ExitCode);
        var parquet = dir.File("a.parquet");
        Assert.Equal(0, Support.Cli.Run("export", jsonl, "-f", "parquet", "-o", parquet).ExitCode);

        var traces = File.ReadLines(jsonl).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        long subagents = traces.Count(t => t.TryGetProperty("kind", out var k) && k.GetString() == "subagent");
        long classified = traces.Sum(t => t.GetProperty("actions").EnumerateArray().Count(a => a.TryGetProperty("error_class", out _)));
        long stamped = traces.Sum(t => t.GetProperty("messages").EnumerateArray().Count(m => m.TryGetProperty("timestamp", out _)));
        Assert.True(subagents > 0 && classified > 0 && stamped > 0, $"the samples have sub-agents ({subagents}), classified actions ({classified}) and timestamps ({stamped})");

        var duck = InteropReaders.Run("query-duckdb.mjs", parquet, """
            SELECT (SELECT count(*) FROM t WHERE extra::JSON ->> 'kind' = 'subagent') AS subagents,
                   (SELECT count(*) FROM (SELECT unnest(actions) AS a FROM t) WHERE a.extra::JSON ->> 'error_class' IS NOT NULL) AS classified,
                   (SELECT count(*) FROM (SELECT unnest(messages) AS m FROM t) WHERE m.extra::JSON ->> 'timestamp' IS NOT NULL) AS stamped
            """)[0];
        Assert.Equal(subagents, duck.GetProperty("subagents").GetInt64());
        Assert.Equal(classified, duck.GetProperty("classified").GetInt64());
        Assert.Equal(stamped, duck.GetProperty("stamped").GetInt64());
    }

    [Fact]
    public void A_trace_shape_file_whose_extra_is_not_a_json_object_is_refused_naming_the_column_and_row()
    {
        using var dir = new TempFolder();
        var path = ParquetFiles.WriteStrings(dir.File("bad.parquet"), ["id", "format", "messages", "actions", "usage", "extra"], 10,
            ["t1", "trace", null, null, null, null], ["t2", "trace", null, null, null, "[1, 2]"]);
        var run = Support.Cli.Run("export", path, "-f", "trace", "-o", dir.File("out.jsonl"));
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("bad.parquet", run.Err);
        Assert.Contains("row 2: column 'extra' must hold a JSON object, not array", run.Err);
    }

    /// <summary>
    /// The JSONL through a <c>parquet</c> and an <c>hf-dataset</c> output (one run each with 1 and 3 threads: the same
    /// bytes), each read back and written as <c>trace</c> JSONL: byte for byte the first JSONL.
    /// </summary>
    private static void AssertRoundTrip(TempFolder dir, string jsonl, string codec, int minimumTraces)
    {
        var lines = File.ReadAllLines(jsonl).Count(l => l.Length > 0);
        Assert.True(lines >= minimumTraces, $"{jsonl} has {lines} traces, fewer than {minimumTraces}");
        var recipe = dir.Write("rt.yaml", $"""
            name: round-trip
            publish_unredacted: true
            inputs: [{JsonSerializer.Serialize(jsonl)}]
            outputs:
              - path: traces.parquet
                format: parquet
                codec: {codec}
                row_group_rows: 7
              - path: dataset
                format: hf-dataset
                codec: {codec}
            """);
        foreach (var threads in new[] { "1", "3" })
        {
            var run = Support.Cli.Run("run", recipe, "--out", dir.File("out" + threads), "--threads", threads);
            Assert.True(run.ExitCode == 0, run.Err);
        }
        var parquet = dir.File("out1/traces.parquet");
        var shard = dir.File("out1/dataset/data/train-00000-of-00001.parquet");
        Assert.Equal(File.ReadAllBytes(parquet), File.ReadAllBytes(dir.File("out3/traces.parquet")));
        Assert.Equal(File.ReadAllBytes(shard), File.ReadAllBytes(dir.File("out3/dataset/data/train-00000-of-00001.parquet")));
        Assert.All(ParquetFiles.Codecs(parquet), c => Assert.Equal(codec.ToUpperInvariant(), c));

        var expected = File.ReadAllText(jsonl);
        foreach (var (input, name) in new[] { (parquet, "parquet.jsonl"), (dir.File("out1/dataset"), "dataset.jsonl") })
        {
            var back = dir.File(name);
            var read = Support.Cli.Run("export", input, "-f", "trace", "-o", back);
            Assert.True(read.ExitCode == 0, read.Err);
            var actual = File.ReadAllText(back);
            if (actual == expected) continue;
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            var line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
            var at = line < Math.Min(e.Length, a.Length) ? Enumerable.Range(0, Math.Min(e[line].Length, a[line].Length)).FirstOrDefault(i => e[line][i] != a[line][i]) : 0;
            Assert.Fail($"{name} differs from the JSONL at line {line + 1}, char {at + 1}:\n  written: {Around(e, line, at)}\n  read:    {Around(a, line, at)}");
        }
    }

    private static string Around(string[] lines, int line, int at) =>
        line < lines.Length ? lines[line].Substring(Math.Max(0, at - 60), Math.Min(160, lines[line].Length - Math.Max(0, at - 60))) : "(no line)";

    private static string Keys(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        KeyPaths(doc.RootElement, "", paths);
        return string.Join(" ", paths);
    }

    /// <summary>The key paths of a JSON value whose own path is <paramref name="path"/>: <c>a.b</c> for nested keys, <c>a[].b</c> in arrays.</summary>
    private static void KeyPaths(JsonElement e, string path, ISet<string> paths)
    {
        if (e.ValueKind == JsonValueKind.Object)
            foreach (var p in e.EnumerateObject())
            {
                var child = path.Length == 0 ? p.Name : path + "." + p.Name;
                paths.Add(child);
                if (p.Name is not ("metadata" or "arguments")) KeyPaths(p.Value, child, paths); // JSON-text columns: values, not keys
            }
        else if (e.ValueKind == JsonValueKind.Array)
            foreach (var item in e.EnumerateArray()) KeyPaths(item, path + "[]", paths);
    }

    private static void ColumnPaths(Field field, string prefix, ISet<string> paths)
    {
        switch (field)
        {
            case ListField list:
                paths.Add(prefix + list.Name);
                if (list.Item is StructField element)
                    foreach (var child in element.Fields) ColumnPaths(child, prefix + list.Name + "[].", paths);
                break;
            case StructField s:
                paths.Add(prefix + s.Name);
                foreach (var child in s.Fields) ColumnPaths(child, prefix + s.Name + ".", paths);
                break;
            default:
                paths.Add(prefix + field.Name);
                break;
        }
    }

    /// <summary>The key paths inside each <c>extra</c> string of a row read as written, at the level of the object holding it.</summary>
    private static void ExtraPaths(JsonElement e, string path, ISet<string> paths)
    {
        if (e.ValueKind == JsonValueKind.Object)
            foreach (var p in e.EnumerateObject())
            {
                if (p.Name == "extra" && p.Value.ValueKind == JsonValueKind.String)
                {
                    using var extra = JsonDocument.Parse(p.Value.GetString()!);
                    KeyPaths(extra.RootElement, path, paths);
                }
                else ExtraPaths(p.Value, path.Length == 0 ? p.Name : path + "." + p.Name, paths);
            }
        else if (e.ValueKind == JsonValueKind.Array)
            foreach (var item in e.EnumerateArray()) ExtraPaths(item, path + "[]", paths);
    }

    // ---- a trace with every field of the model set ----

    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 3, 28, 14, 2, 11, TimeSpan.Zero).AddTicks(5_243_101); // finer than Parquet's microseconds

    private static Usage FullUsage(long n) => new()
    {
        InputTokens = 1200 + n, OutputTokens = 340, CacheReadTokens = 5000, CacheWriteTokens = 60, CostUsd = 0.0120m, ReasoningTokens = 77,
        ApiCalls = 3, Approximate = true,
    };

    private static Trace FullTrace()
    {
        var arguments = JsonDocument.Parse("""{"command":"ls -la","n":1.50,"s":"é \u0001"}""").RootElement.Clone();
        return new Trace
        {
            Id = "full-1", Format = "claude-code", Agent = "claude-code", Model = "model-a", Models = ["model-a", "model-b"],
            Task = "fix the bug", StartedAt = Start, Duration = TimeSpan.FromTicks(123_456_789),
            Messages =
            [
                new Message { Role = Role.User, Text = "fix the bug", Kind = MessageKind.Command, Timestamp = Start },
                new Message
                {
                    Role = Role.Assistant, Text = "I'll look", Thinking = "first list the files",
                    ToolCalls = [new ToolCall { Id = "call_1", Name = "bash", Arguments = arguments }],
                    Turn = 2, IsSidechain = true, StopReason = "tool_use", Usage = FullUsage(1), Timestamp = Start.AddTicks(3),
                },
                new Message { Role = Role.Tool, Text = "total 0", ToolCallId = "call_1", Timestamp = Start.AddSeconds(1) },
            ],
            Actions =
            [
                new Action
                {
                    Index = 3, Id = "call_1", Name = "bash", Arguments = arguments, Input = "ls -la", Output = "total 0", Failed = true,
                    ExitCode = 2, Duration = TimeSpan.FromTicks(15_000_001),
                    Telemetry = new Telemetry { UserCpu = 0.25, SystemCpu = 0.125, PeakRssBytes = 1L << 33, ReadBytes = 4096, WriteBytes = 8192 },
                    Turn = 2, NativeIsError = false, ErrorClass = "exit_code", Interrupted = true, Rejected = true, Timestamp = Start.AddTicks(7),
                },
            ],
            Usage = FullUsage(0), Metadata = JsonDocument.Parse("""{"dataset":"x","nested":{"a":[1,2.50]}}""").RootElement.Clone(),
            Turns = 3, ParentId = "parent-0", Kind = TraceKind.Subagent, Cwd = "/work", NativeOutcome = "success", Warnings = ["w1", ""],
            ReadIssues = 1,
        };
    }

    /// <summary>Everything null or empty that can be: no extra at all.</summary>
    private static Trace MinimalTrace() => new() { Id = "min-1", Format = "trace" };

    /// <summary>
    /// Every public field of the model (trace, message, action, tool call, usage, telemetry) is set somewhere in the
    /// trace, so a field added to the model and not set here fails this test before the round trip can pass without it.
    /// </summary>
    private static void AssertEveryModelFieldIsSet(Trace t)
    {
        var messages = t.Messages;
        var defaults = new (Type Type, object Default, IEnumerable<object> Instances)[]
        {
            (typeof(Trace), new Trace { Id = "", Format = "" }, [t]),
            (typeof(Message), new Message { Role = default }, messages),
            (typeof(Action), new Action { Name = "" }, t.Actions),
            (typeof(ToolCall), new ToolCall { Name = "" }, messages.SelectMany(m => m.ToolCalls)),
            (typeof(Usage), Usage.Unknown, [t.Usage, .. messages.Where(m => m.Usage is not null).Select(m => m.Usage!)]),
            (typeof(Telemetry), new Telemetry(), t.Actions.Where(a => a.Telemetry is not null).Select(a => a.Telemetry!)),
        };
        foreach (var (type, @default, instances) in defaults)
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            if (type == typeof(Trace) && NotInTraceJson.Contains(property.Name)) continue;
            Assert.True(instances.Any(i => IsSet(property.GetValue(i), property.GetValue(@default))),
                $"{type.Name}.{property.Name} is not set in the full trace of this test: set it, so the round trip checks it");
        }
    }

    /// <summary>
    /// Trace fields the trace JSON does not hold, so no output of the trace shape carries them: where the trace was read
    /// from, the split a recipe's split step names, and the analysis results, which the analyzer works out again after
    /// every read (Trace.Analysis.cs).
    /// </summary>
    private static readonly HashSet<string> NotInTraceJson =
        [nameof(Trace.Source), nameof(Trace.Split), nameof(Trace.Outcome), nameof(Trace.OutcomeEvidence), nameof(Trace.Recoveries), nameof(Trace.UnrecoveredErrors)];

    private static bool IsSet(object? value, object? @default) => value switch
    {
        null => false,
        string s => s != (string?)@default,
        IEnumerable items => items.Cast<object>().Any(),
        _ => !Equals(value, @default),
    };
}

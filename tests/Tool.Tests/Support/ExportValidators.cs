using System.Text.Json;
using System.Text.RegularExpressions;

namespace TraceCurate.Tests.Support;

/// <summary>
/// Structural rules of each training format (output-formats §1–§7), written from the consumers' requirements, not from
/// the writers: use them on any export, e.g. <c>ExportValidators.ValidateFile("openai", path)</c> on real sessions.
/// Each rule failure says which record and what is wrong.
/// </summary>
public static partial class ExportValidators
{
    public static void ValidateFile(string format, string path)
    {
        var n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            Assert.False(string.IsNullOrWhiteSpace(line), $"{path}:{n}: empty line");
            Validate(format, Some.Json(line), $"{path}:{n}");
        }
    }

    public static void Validate(string format, JsonElement record, string where = "record")
    {
        switch (format)
        {
            case "openai": OpenAi(record, where); break;
            case "trl": Trl(record, where); break;
            case "anthropic": Anthropic(record, where); break;
            case "sharegpt": ShareGpt(record, where); break;
            case "codeact": CodeAct(record, where); break;
            case "tao": Tao(record, where); break;
            default: throw new ArgumentException("no validator for " + format);
        }
    }

    /// <summary>OpenAI: string arguments holding a JSON object; each assistant's calls answered by exactly one tool message each, right after it.</summary>
    public static void OpenAi(JsonElement r, string where = "record") => ChatWithTools(r, where, argumentsAreStrings: true);

    /// <summary>TRL: like OpenAI but object arguments, string content, and tool messages naming their tool.</summary>
    public static void Trl(JsonElement r, string where = "record") => ChatWithTools(r, where, argumentsAreStrings: false);

    private static void ChatWithTools(JsonElement r, string where, bool argumentsAreStrings)
    {
        var messages = r.GetProperty("messages").EnumerateArray().ToList();
        var toolNames = r.GetProperty("tools").EnumerateArray().Select(t =>
        {
            Assert.Equal("function", t.GetProperty("type").GetString());
            Assert.Equal(JsonValueKind.Object, t.GetProperty("function").GetProperty("parameters").ValueKind);
            return t.GetProperty("function").GetProperty("name").GetString()!;
        }).ToList();
        Assert.True(toolNames.Distinct().Count() == toolNames.Count, $"{where}: duplicate tool definitions");
        var used = new HashSet<string>();
        var parallel = false;
        var first = messages.FindIndex(m => m.GetProperty("role").GetString() != "system");
        Assert.True(first >= 0 && messages[first].GetProperty("role").GetString() == "user", $"{where}: the first non-system message must be user");
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            var role = m.GetProperty("role").GetString();
            Assert.Contains(role, (string[])["system", "user", "assistant", "tool"]);
            if (role == "tool") Assert.Fail($"{where}: message {i} is a tool message that answers no call of the assistant message before it");
            if (role != "assistant")
            {
                Assert.Equal(JsonValueKind.String, m.GetProperty("content").ValueKind);
                continue;
            }
            if (!argumentsAreStrings) Assert.Equal(JsonValueKind.String, m.GetProperty("content").ValueKind);
            if (!m.TryGetProperty("tool_calls", out var calls))
            {
                Assert.Equal(JsonValueKind.String, m.GetProperty("content").ValueKind);
                continue;
            }
            Assert.True(calls.GetArrayLength() > 0, $"{where}: message {i} has an empty tool_calls (omit it instead)");
            parallel |= calls.GetArrayLength() > 1;
            var expected = new List<(string Id, string Name)>();
            foreach (var call in calls.EnumerateArray())
            {
                var id = call.GetProperty("id").GetString()!;
                Assert.Matches("^[A-Za-z0-9_-]+$", id);
                Assert.Equal("function", call.GetProperty("type").GetString());
                var function = call.GetProperty("function");
                var name = function.GetProperty("name").GetString()!;
                Assert.Matches("^[A-Za-z0-9_-]{1,64}$", name);
                var args = function.GetProperty("arguments");
                if (argumentsAreStrings)
                {
                    Assert.Equal(JsonValueKind.String, args.ValueKind);
                    Assert.Equal(JsonValueKind.Object, Some.Json(args.GetString()!).ValueKind);
                }
                else Assert.Equal(JsonValueKind.Object, args.ValueKind);
                Assert.True(expected.All(e => e.Id != id), $"{where}: call id {id} used twice in one message");
                expected.Add((id, name));
                used.Add(name);
            }
            // Every call gets exactly one tool message, and the tool messages follow the assistant message at once.
            foreach (var (id, name) in expected)
            {
                i++;
                Assert.True(i < messages.Count, $"{where}: call {id} has no tool message");
                var answer = messages[i];
                Assert.Equal("tool", answer.GetProperty("role").GetString());
                Assert.Equal(id, answer.GetProperty("tool_call_id").GetString());
                Assert.Equal(JsonValueKind.String, answer.GetProperty("content").ValueKind);
                if (!argumentsAreStrings) Assert.Equal(name, answer.GetProperty("name").GetString());
            }
        }
        var last = messages[^1].GetProperty("role").GetString();
        Assert.True(last is "assistant" or "tool", $"{where}: a record ends with the assistant (or its calls' results)");
        Assert.Equal(used.Order(StringComparer.Ordinal), toolNames.Order(StringComparer.Ordinal));
        if (argumentsAreStrings) Assert.Equal(parallel, r.GetProperty("parallel_tool_calls").GetBoolean());
    }

    /// <summary>Anthropic: user first, strict alternation, tool_result first in the next user message answering that assistant's tool_use ids.</summary>
    public static void Anthropic(JsonElement r, string where = "record")
    {
        var messages = r.GetProperty("messages").EnumerateArray().ToList();
        var toolNames = r.GetProperty("tools").EnumerateArray().Select(t =>
        {
            Assert.Equal(JsonValueKind.Object, t.GetProperty("input_schema").ValueKind);
            return t.GetProperty("name").GetString()!;
        }).ToHashSet();
        Assert.NotEmpty(messages);
        Assert.Equal("user", messages[0].GetProperty("role").GetString());
        Assert.Equal("assistant", messages[^1].GetProperty("role").GetString());
        var pending = new List<string>();
        for (var i = 0; i < messages.Count; i++)
        {
            var role = messages[i].GetProperty("role").GetString();
            Assert.Equal(i % 2 == 0 ? "user" : "assistant", role);
            var content = messages[i].GetProperty("content");
            var blocks = content.ValueKind == JsonValueKind.String ? [] : content.EnumerateArray().ToList();
            if (role == "user")
            {
                var results = blocks.TakeWhile(b => b.GetProperty("type").GetString() == "tool_result").ToList();
                Assert.True(blocks.Skip(results.Count).All(b => b.GetProperty("type").GetString() != "tool_result"), $"{where}: tool_result blocks must come first");
                Assert.Equal(pending, results.Select(b => b.GetProperty("tool_use_id").GetString()!).ToList());
                foreach (var b in results)
                {
                    if (b.TryGetProperty("is_error", out var e)) Assert.True(e.GetBoolean(), $"{where}: is_error is written only when true");
                    Assert.Equal(JsonValueKind.String, b.GetProperty("content").ValueKind);
                }
                pending.Clear();
                continue;
            }
            foreach (var b in blocks)
            {
                var type = b.GetProperty("type").GetString();
                Assert.Contains(type, (string[])["text", "thinking", "tool_use"]);
                if (type != "tool_use") continue;
                Assert.Equal(JsonValueKind.Object, b.GetProperty("input").ValueKind);
                Assert.Matches("^[A-Za-z0-9_-]+$", b.GetProperty("id").GetString()!);
                Assert.Contains(b.GetProperty("name").GetString()!, toolNames);
                pending.Add(b.GetProperty("id").GetString()!);
            }
        }
    }

    /// <summary>LLaMA-Factory ShareGPT: human/observation at odd positions, gpt/function_call at even ones, ending even.</summary>
    public static void ShareGpt(JsonElement r, string where = "record")
    {
        var items = r.GetProperty("conversations").EnumerateArray().ToList();
        Assert.True(items.Count > 0 && items.Count % 2 == 0, $"{where}: a conversation has an even, non-zero number of turns");
        var tools = r.TryGetProperty("tools", out var t)
            ? Some.Json(t.GetString()!).EnumerateArray().Select(x => x.GetProperty("name").GetString()!).ToHashSet()
            : [];
        for (var i = 0; i < items.Count; i++)
        {
            var from = items[i].GetProperty("from").GetString();
            Assert.True(i % 2 == 0 ? from is "human" or "observation" : from is "gpt" or "function_call",
                $"{where}: '{from}' at position {i + 1}");
            Assert.Equal(JsonValueKind.String, items[i].GetProperty("value").ValueKind);
            if (from == "observation") Assert.Equal("function_call", items[i - 1].GetProperty("from").GetString());
            if (from != "function_call") continue;
            var call = Some.Json(items[i].GetProperty("value").GetString()!);
            Assert.Contains(call.GetProperty("name").GetString()!, tools);
            Assert.Equal(JsonValueKind.Object, call.GetProperty("arguments").ValueKind);
        }
    }

    /// <summary>
    /// CodeAct (§1.3): each span runs from a failed action element to a later observation, sorted and disjoint. An inlined
    /// sub-agent (docs/exports.md, "Sub-agents") is a <c>subagent</c> element right after the observation of the call that
    /// started it, holding a trajectory and spans of its own that obey the same rules.
    /// </summary>
    public static void CodeAct(JsonElement r, string where = "record")
    {
        var spans = Trajectory(r, where);
        Assert.Equal(spans > 0, r.GetProperty("has_error_recovery").GetBoolean());
    }

    /// <summary>Checks a trajectory, its outcome and its spans; returns the number of spans.</summary>
    private static int Trajectory(JsonElement r, string where)
    {
        var trajectory = r.GetProperty("trajectory").EnumerateArray().ToList();
        for (var i = 0; i < trajectory.Count; i++)
        {
            var role = trajectory[i].GetProperty("role").GetString();
            Assert.Contains(role, (string[])["thought", "action", "observation", "user", "subagent"]);
            if (role == "action")
            {
                Assert.Equal(JsonValueKind.Object, trajectory[i].GetProperty("args").ValueKind);
                Assert.True(i + 1 < trajectory.Count && trajectory[i + 1].GetProperty("role").GetString() == "observation", $"{where}: action {i} has no observation after it");
            }
            if (role == "subagent")
            {
                var call = trajectory[i].GetProperty("tool_use_id").GetString();
                var j = i - 1;
                while (j >= 0 && trajectory[j].GetProperty("role").GetString() == "subagent") j--;
                Assert.True(j >= 0 && trajectory[j].GetProperty("role").GetString() == "observation" && trajectory[j].GetProperty("tool_use_id").GetString() == call,
                    $"{where}: sub-agent element {i} does not follow the observation of its call {call}");
                Assert.Equal(JsonValueKind.String, trajectory[i].GetProperty("session_id").ValueKind);
                Trajectory(trajectory[i], $"{where} sub-agent {i}");
            }
        }
        Assert.Contains(r.GetProperty("outcome").GetString(), (string[])["success", "failure", "unknown"]);
        var spans = r.GetProperty("error_recovery_spans").EnumerateArray().Select(s => (s[0].GetInt32(), s[1].GetInt32())).ToList();
        var previousEnd = -1;
        foreach (var (start, end) in spans)
        {
            Assert.True(0 <= start && start < end && end < trajectory.Count, $"{where}: span [{start}, {end}] outside the trajectory");
            Assert.True(start > previousEnd, $"{where}: spans must be sorted and disjoint");
            Assert.Equal("action", trajectory[start].GetProperty("role").GetString());
            Assert.Equal("observation", trajectory[end].GetProperty("role").GetString());
            if (trajectory[start + 1].TryGetProperty("is_error", out var failed)) Assert.True(failed.GetBoolean(), $"{where}: span [{start}, {end}] starts at an action that did not fail");
            previousEnd = end;
        }
        return spans.Count;
    }

    /// <summary>
    /// TAO: every line is an element with a known prefix or a continuation that does not look like one. An inlined
    /// sub-agent is a <c>Subagent: ID</c> line right after an Observation, followed by its own text indented two spaces.
    /// </summary>
    public static void Tao(JsonElement r, string where = "record")
    {
        Assert.Equal(JsonValueKind.String, r.GetProperty("id").ValueKind);
        TaoText(r.GetProperty("text").GetString()!.Split('\n'), where);
    }

    private static void TaoText(string[] lines, string where)
    {
        Assert.Matches(Element(), lines[0]);
        var awaitingObservation = false;
        string? previous = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("Subagent: ", StringComparison.Ordinal))
            {
                Assert.True(previous is "Observation" or "Subagent", $"{where}: a Subagent block must follow an Observation");
                var block = lines.Skip(i + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToArray();
                Assert.True(block.Length > 0, $"{where}: an empty Subagent block");
                TaoText(block.Select(l => l[2..]).ToArray(), $"{where} sub-agent at line {i + 1}");
                i += block.Length;
                previous = "Subagent";
                continue;
            }
            if (!Element().IsMatch(line)) continue;
            previous = line[..line.IndexOf(':')];
            if (line.StartsWith("Observation: ", StringComparison.Ordinal)) awaitingObservation = false;
            else
            {
                Assert.False(awaitingObservation, $"{where}: an Action line has no Observation after it");
                awaitingObservation = line.StartsWith("Action: ", StringComparison.Ordinal) && line.Contains('(');
            }
        }
    }

    [GeneratedRegex("^(Task|Thought|Action|Action Input|Observation|User|Final Answer): ")]
    private static partial Regex Element();
}

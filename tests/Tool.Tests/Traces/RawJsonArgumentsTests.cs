using System.Text;
using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;
using FormatsJson = TraceCurate.Formats.Json;

namespace TraceCurate.Tests.Traces;

/// <summary>
/// The analysis reads a call's <c>command</c> and path fields from the arguments' bytes while nothing has parsed them
/// (<see cref="RawJsonArguments"/>): on random argument objects (names written twice, names spelled with escapes,
/// values of every kind, nested and escaped) it must answer as the document path does, an action whose arguments are
/// a parsed <see cref="JsonElement"/>, and leave the arguments unparsed.
/// </summary>
public sealed class RawJsonArgumentsTests
{
    private static readonly string[] Names = ["command", "cmd", "file_path", "path", "filePath", "notebook_path", "file", "filename", "pattern", "x", "comm\\u0061nd", "c\\u006dd", "file\\u005fpath", "Command"];

    [Fact]
    public void Random_arguments_read_from_bytes_as_from_their_document()
    {
        var random = new Random(27);
        var cases = 0;
        for (var n = 0; n < 4000; n++)
        {
            var json = n % 50 == 0 ? Value(random, 0) : Object(random, 0); // some arguments are not an object
            var raw = Encoding.UTF8.GetBytes(json);
            using var doc = JsonDocument.Parse(raw);
            var parsed = doc.RootElement.Clone();
            foreach (var key in (string[])["command", "cmd", "file_path", "path", "pattern", "missing"])
            {
                var expected = parsed.ValueKind == JsonValueKind.Object && parsed.TryGetProperty(key, out var v) ? JsonPath.AsString(v) : null;
                Assert.True(expected == RawJsonArguments.Field(raw, key), $"{key} of {json}");
            }
            string[] keys = ["file_path", "path", "filePath", "notebook_path", "file", "filename", "missing"];
            var values = new string?[keys.Length];
            RawJsonArguments.Fields(raw, keys, values);
            for (var k = 0; k < keys.Length; k++)
                Assert.True((parsed.ValueKind == JsonValueKind.Object && parsed.TryGetProperty(keys[k], out var w) ? JsonPath.AsString(w) : null) == values[k], $"{keys[k]} of {json}");
            var fromDocument = new Action { Name = "Bash", Arguments = parsed, Input = "the raw input" };
            var pending = new Action { Name = "Bash", DeferredArguments = Deferred<JsonElement?>.Lazy(new LazyJson.Element(raw)), Input = "the raw input" };
            Assert.True(ShellCommand.TextOf(fromDocument) == ShellCommand.TextOf(pending), json);
            foreach (var tool in (string[])["Read", "Edit", "Grep", "Bash", "Task"])
            {
                var a = new Action { Name = tool, Arguments = parsed, Input = json };
                var b = new Action { Name = tool, DeferredArguments = Deferred<JsonElement?>.Lazy(new LazyJson.Element(raw)), Input = json };
                Assert.Equal(ToolFamilies.KeysOf(a, "/work"), ToolFamilies.KeysOf(b, "/work"));
                Assert.NotNull(b.PendingRawArguments); // answered without parsing the arguments
            }
            Assert.NotNull(pending.PendingRawArguments);
            cases++;
        }
        Assert.Equal(4000, cases);
    }

    [Theory]
    [InlineData("{\"command\":\"ls -la\"}", "ls -la")]
    [InlineData("{\"command\":\"first\",\"command\":\"second\"}", "second")]
    [InlineData("{\"comm\\u0061nd\":\"esc\\\"aped\"}", "esc\"aped")]
    [InlineData("{\"command\":5,\"cmd\":\"fallback\"}", "fallback")]
    [InlineData("{\"cmd\":[\"bash\",\"-lc\",\"make test\"]}", "make test")]
    [InlineData("{\"cmd\":[\"git\",1,null,true,{\"a\":[1]}]}", "git 1  true {\"a\":[1]}")]
    [InlineData("{\"command\":null}", "the raw input")]
    [InlineData("[\"command\"]", "the raw input")]
    public void Command_text_by_hand(string json, string expected)
    {
        var pending = new Action { Name = "Bash", DeferredArguments = Deferred<JsonElement?>.Lazy(new LazyJson.Element(Encoding.UTF8.GetBytes(json))), Input = "the raw input" };
        Assert.Equal(expected, ShellCommand.TextOf(pending));
    }

    [Fact]
    public void Random_arguments_held_in_a_JSON_string_read_from_its_text_as_from_their_document()
    {
        // OpenAI and Codex hold the arguments as a JSON string whose text is JSON (LazyJson.ParsedString): the fields are
        // read from the unescaped text, checked once, as the parsed value would give them, and nothing parses it.
        var random = new Random(28);
        for (var n = 0; n < 2000; n++)
        {
            var json = n % 50 == 0 ? Value(random, 0) : Object(random, 0);
            var parsed = FormatsJson.ParseOrNull(json);
            Assert.NotNull(parsed);
            var fromDocument = new Action { Name = "Bash", Arguments = parsed, Input = "the raw input" };
            var pending = InString(json, "Bash", "the raw input");
            Assert.True(ShellCommand.TextOf(fromDocument) == ShellCommand.TextOf(pending), json);
            foreach (var tool in (string[])["Read", "Edit", "Grep", "Bash", "Task"])
            {
                var a = new Action { Name = tool, Arguments = parsed, Input = json };
                var b = InString(json, tool, json);
                Assert.Equal(ToolFamilies.KeysOf(a, "/work"), ToolFamilies.KeysOf(b, "/work"));
                Assert.NotNull(b.PendingJsonInString); // answered without parsing the arguments
            }
            Assert.NotNull(pending.PendingJsonInString);
        }
    }

    [Theory]
    [InlineData("{\"command\":\"ls -la\"}", "ls -la")]
    [InlineData("{\"cmd\":[\"bash\",\"-lc\",\"make test\"]}", "make test")]
    [InlineData("{\"command\":\"caf\u00e9 \\u00e9 \\ud83d\\ude00\"}", "café é 😀")]
    [InlineData("{\"command\":\"ls\"", "the raw input")] // cut short: not JSON
    [InlineData("{\"command\":\"ls\"} trailing", "the raw input")]
    [InlineData("ls -la", "the raw input")]
    [InlineData("", "the raw input")]
    [InlineData("{\"command\":\"ls\",}", "the raw input")] // a trailing comma, which the parse refuses
    [InlineData("\uFEFF{\"command\":\"ls\"}", "the raw input")]
    public void Command_text_of_arguments_held_in_a_JSON_string_by_hand(string text, string expected)
    {
        Assert.Equal(expected, ShellCommand.TextOf(InString(text, "Bash", "the raw input")));
        var parsed = new Action { Name = "Bash", Arguments = FormatsJson.ParseOrNull(text), Input = "the raw input" };
        Assert.Equal(ShellCommand.TextOf(parsed), ShellCommand.TextOf(InString(text, "Bash", "the raw input")));
    }

    [Theory]
    [InlineData(200, "deep")] // within the parse's nesting limit
    [InlineData(300, "the raw input")] // beyond it: the parse gives null, and so does the check
    public void Arguments_held_in_a_JSON_string_nested_deeper_than_the_parse_takes_answer_as_the_parse(int depth, string expected)
    {
        var text = "{\"command\":\"deep\",\"x\":" + new string('[', depth) + new string(']', depth) + "}";
        Assert.Equal(expected, ShellCommand.TextOf(InString(text, "Bash", "the raw input")));
        Assert.Equal(expected == "deep", FormatsJson.ParseOrNull(text) is not null);
    }

    [Fact]
    public void A_lone_surrogate_escape_in_the_string_leaves_the_answer_to_the_parsed_value()
    {
        // The string's escapes do not make valid text: the check gives up and the parsed value answers, whatever it is.
        var action = InString("{\"command\":\"ls\"}", "Bash", "the raw input", quoted: "\"{\\\"command\\\":\\\"ls\\\"}\\ud800\"");
        Assert.Null(action.PendingJsonInString!.CheckedJson);
    }

    /// <summary>An action whose arguments are <paramref name="text"/> held as a JSON string, as the readers keep them.</summary>
    private static Action InString(string text, string tool, string input, string? quoted = null)
    {
        var bytes = Encoding.UTF8.GetBytes(quoted ?? JsonSerializer.Serialize(text));
        var escaped = bytes.AsSpan(1, bytes.Length - 2).IndexOf((byte)'\\') >= 0;
        return new Action
        {
            Name = tool, Input = input,
            DeferredArguments = Deferred<JsonElement?>.Lazy(new LazyJson.ParsedString(new Utf8JsonText(bytes, escaped))),
        };
    }

    private static string Object(Random random, int depth)
    {
        var members = Enumerable.Range(0, random.Next(0, 6)).Select(_ => $"\"{Names[random.Next(Names.Length)]}\" : {Value(random, depth + 1)}");
        return "{" + string.Join(random.Next(2) == 0 ? "," : " ,\n ", members) + "}";
    }

    private static string Value(Random random, int depth) => random.Next(depth > 2 ? 7 : 9) switch
    {
        0 => "null",
        1 => "true",
        2 => "false",
        3 => random.Next(3) switch { 0 => "-12", 1 => "1.50e+3", _ => "0.25" },
        4 or 5 or 6 => "\"" + random.Next(4) switch
        {
            0 => "make test",
            1 => "a \\\"quoted\\\" \\\\ path\\nwith \\u00e9 and \\ud83d\\ude00",
            2 => "é→ \\/tmp",
            _ => "",
        } + "\"",
        7 => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => Value(random, depth + 1))) + " ]",
        _ => Object(random, depth),
    };
}

using System.Text;
using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

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

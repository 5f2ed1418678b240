using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// A custom tool call's arguments (<see cref="CodexItems.InputObject"/>), written with a <see cref="Utf8JsonWriter"/>
/// and kept as bytes, against what the reader made before: <see cref="JsonSerializer"/> of a one-entry dictionary,
/// parsed into a document. The bytes (which a writer may copy verbatim) and the element must be the same.
/// </summary>
public sealed class CodexItemsTests
{
    public static TheoryData<string> Inputs() => new()
    {
        "",
        "*** Begin Patch\n*** Add File: a.py\n+print(1 + 1)\n*** End Patch",
        "quotes \" and back\\slashes \\\" and tabs\t\r\n",
        "html <b>&amp;</b> 'single' `tick` +plus",
        "control \u0001\u001f\u007f bytes",
        "non-ASCII é ü 日本語 and an emoji 😀",
        "line separators \u2028\u2029",
        new string('x', 5000) + "é",
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Input_object_is_what_the_serializer_wrote(string input)
    {
        var expected = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["input"] = input });
        using var document = JsonDocument.Parse(expected);

        var arguments = CodexItems.InputObject(input);

        var raw = Assert.IsAssignableFrom<RawJsonValue>(arguments.Pending);
        Assert.Equal(expected, raw.Raw.ToArray());
        Assert.Equal(input, RawJsonArguments.Field(raw.Raw.Span, "input"));
        Assert.Equal(document.RootElement.GetRawText(), arguments.Value!.Value.GetRawText());
        Assert.Equal(input, arguments.Value!.Value.GetProperty("input").GetString());
    }

    [Fact]
    public void No_input_is_no_arguments() => Assert.True(CodexItems.InputObject(null).IsNull);
}

using System.Text.Json;
using System.Text.Unicode;

namespace TraceCurate.Traces;

/// <summary>
/// A lazy JSON value that a record holds as a JSON string (OpenAI's and Codex's tool-call <c>arguments</c>,
/// <c>"{\"command\":…}"</c>): parsed into a <see cref="JsonElement"/> on first read, null when the text is not JSON.
/// Meanwhile the analysis reads the one or two fields it needs (<see cref="RawJsonArguments"/>) from the text's UTF-8
/// bytes, unescaped once and checked to be JSON that the parse accepts: a document parsed and cloned for each shell
/// call's <c>command</c> was about 3% of reading a Codex folder. Where the check fails, the parsed value answers.
/// </summary>
internal abstract class JsonInString(Utf8JsonText text) : LazyValue<JsonElement?>
{
    private byte[]? _json;
    private bool _checked;

    /// <summary>The string as the record holds it.</summary>
    public Utf8JsonText Text => text;

    /// <summary>The nesting the parse (<see cref="LazyValue{T}.Compute"/>) accepts: the check must accept no more.</summary>
    protected abstract int MaxDepth { get; }

    /// <summary>
    /// The text as UTF-8 when it is one JSON value that the parse accepts (valid UTF-8, no byte-order mark, within
    /// <see cref="MaxDepth"/>); null when it is not, or when its escapes do not make valid text (a lone surrogate), so
    /// that the caller takes the parsed value's path for anything unusual. Worked out once.
    /// </summary>
    public byte[]? CheckedJson
    {
        get
        {
            if (_checked) return _json;
            _json = Check();
            _checked = true;
            return _json;
        }
    }

    private byte[]? Check()
    {
        byte[] utf8;
        if (!text.Escaped) utf8 = text.Inner.ToArray();
        else
        {
            try
            {
                var value = new Utf8JsonReader(text.Quoted);
                value.Read();
                var buffer = new byte[text.Inner.Length]; // unescaped text is never longer than its escapes
                utf8 = buffer.AsSpan(0, value.CopyString(buffer)).ToArray();
            }
            catch (Exception e) when (e is InvalidOperationException or JsonException)
            {
                return null;
            }
        }
        if (!Utf8.IsValid(utf8) || utf8.AsSpan().StartsWith("\uFEFF"u8)) return null;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return utf8;
    }
}

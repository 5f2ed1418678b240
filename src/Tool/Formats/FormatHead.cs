using System.Text;
using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// The first bytes of a (decompressed) file, for sniffing. Gives the first non-empty lines parsed as JSON objects where
/// they parse, so that each reader's <see cref="ITraceReader.Sniff"/> is a few key checks.
/// </summary>
public sealed class FormatHead
{
    public const int MaxBytes = 256 * 1024;
    public const int MaxLines = 20;

    private List<JsonElement>? _lines;

    public FormatHead(string fileName, ReadOnlyMemory<byte> bytes, bool complete)
    {
        FileName = fileName;
        Bytes = bytes;
        IsComplete = complete;
    }

    public string FileName { get; }

    /// <summary>The file's full path when the head was read from disk, for binary formats whose signature is in a footer (Parquet).</summary>
    public string? FullPath { get; init; }

    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>True when <see cref="Bytes"/> is the whole file.</summary>
    public bool IsComplete { get; }

    public bool StartsWith(string ascii)
    {
        var span = Bytes.Span;
        return span.Length >= ascii.Length && Encoding.ASCII.GetString(span[..ascii.Length]) == ascii;
    }

    /// <summary>The first non-whitespace byte after an optional BOM, or 0.</summary>
    public byte FirstNonSpace
    {
        get
        {
            var span = Bytes.Span;
            if (span.StartsWith("\uFEFF"u8)) span = span[3..];
            foreach (var b in span)
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return b;
            return 0;
        }
    }

    /// <summary>Up to <see cref="MaxLines"/> complete non-empty lines that parse as JSON objects, in order.</summary>
    public IReadOnlyList<JsonElement> JsonLines => _lines ??= ParseLines();

    private List<JsonElement> ParseLines()
    {
        var result = new List<JsonElement>();
        var span = Bytes.Span;
        if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        var seen = 0;
        while (span.Length > 0 && seen < MaxLines)
        {
            var end = span.IndexOf((byte)'\n');
            if (end < 0 && !IsComplete) break; // a cut line would not parse; ignore it
            var line = end < 0 ? span : span[..end];
            span = end < 0 ? default : span[(end + 1)..];
            if (line.Trim(" \t\r"u8).IsEmpty) continue;
            seen++;
            try
            {
                using var doc = JsonDocument.Parse(line.ToArray(), new JsonDocumentOptions { MaxDepth = ReadLimits.MaxDepth }); // a record may nest this deep
                if (doc.RootElement.ValueKind == JsonValueKind.Object) result.Add(doc.RootElement.Clone());
            }
            catch (JsonException)
            {
                // Not JSONL (or a bad line); readers that need JSONL simply do not match.
            }
        }
        return result;
    }

    /// <summary>The whole head parsed as one JSON document, when it is complete and parses; else null.</summary>
    public JsonElement? Document
    {
        get
        {
            if (!IsComplete) return null;
            try
            {
                using var doc = JsonDocument.Parse(Bytes, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = ReadLimits.MaxDepth });
                return doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}

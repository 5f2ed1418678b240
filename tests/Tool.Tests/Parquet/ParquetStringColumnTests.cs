using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Parquet;

/// <summary>
/// String columns are read as their UTF-8 bytes (<see cref="ParquetTextAsBytes"/>), not decoded to .NET strings: the
/// rows must be what the string route wrote, byte for byte, and a string column stays text, never base64.
/// </summary>
public sealed class ParquetStringColumnTests
{
    // Escaping, multi-byte and non-BMP text, the line separators JSON escapes or not, and the empty string.
    private static readonly string?[] Texts =
    [
        "plain", "", null, "quote \" backslash \\ slash / tab \t newline \n cr \r nul \0 bell \u0007",
        "é ü ß 中文 日本語 한국어", "emoji 😀 🧪 and a flag 🇫🇷", "<script>&amp;'</script>", "line sep \u2028 para sep \u2029",
        "replacement \uFFFD already there", "del \u007f c1 \u0085", new string('x', 100_000) + " 😀",
    ];

    [Fact]
    public void String_values_read_as_bytes_are_written_as_the_string_route_writes_them()
    {
        using var dir = new TempFolder();
        var path = ParquetFiles.WriteStrings(dir.File("texts.parquet"), ["text"], 4, [.. Texts.Select(t => new[] { t })]);
        var rows = ParquetRowAssembler.Read(path, ParquetRowAssembler.Shape.AsWritten).ToList();

        Assert.Equal(Texts.Length, rows.Count);
        for (var i = 0; i < Texts.Length; i++)
        {
            // The row through .NET's own string writer with the tool's encoder: what the reader wrote before.
            Assert.Equal(Expected(Texts[i]), rows[i]);
            // And read back, the same text (not base64: the column has a string annotation).
            using var doc = JsonDocument.Parse(rows[i]);
            Assert.Equal(Texts[i], doc.RootElement.GetProperty("text").GetString());
        }
    }

    /// <summary>
    /// Invalid UTF-8 in a string column (no writer should write it; some do) becomes U+FFFD per invalid sequence, as
    /// Parquet.Net's decoder made it, instead of failing the row or turning it into base64. The file is written
    /// uncompressed with a marker, which is then overwritten (wherever it is) with invalid bytes of the same length.
    /// </summary>
    [Fact]
    public void Invalid_utf8_in_a_string_column_reads_as_replacement_characters()
    {
        using var dir = new TempFolder();
        var path = dir.File("invalid.parquet");
        var field = new DataField<string>("text", true);
        using (var stream = File.Create(path))
        {
            var options = new ParquetOptions { CompressionMethod = CompressionMethod.None };
            var writer = ParquetWriter.CreateAsync(new ParquetSchema(field), stream, options).GetAwaiter().GetResult();
            using (var group = writer.CreateRowGroup())
                group.WriteAsync(field, new[] { "ok@@MARK@@ok", "second" }).GetAwaiter().GetResult();
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        var marker = "@@MARK@@"u8.ToArray();
        byte[] invalid = [0xff, (byte)'a', 0xc3, 0x28, 0xe2, 0x82, (byte)'b', 0x80];
        var bytes = File.ReadAllBytes(path);
        var patched = 0;
        for (var at = bytes.AsSpan().IndexOf(marker); at >= 0; at = bytes.AsSpan().IndexOf(marker), patched++)
            invalid.CopyTo(bytes, at); // the page, and the statistics that repeat the value
        Assert.True(patched > 0, "the marker is in the uncompressed page");
        File.WriteAllBytes(path, bytes);

        var rows = ParquetRowAssembler.Read(path, ParquetRowAssembler.Shape.AsWritten).ToList();
        var text = "ok" + Encoding.UTF8.GetString(invalid) + "ok"; // .NET's decoder: U+FFFD for each invalid sequence
        Assert.Contains('\uFFFD', text);
        Assert.Equal(Expected(text), rows[0]);
        Assert.Equal(Expected("second"), rows[1]);
    }

    private static byte[] Expected(string? text)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WritePropertyName("text");
            if (text is null) w.WriteNullValue();
            else w.WriteStringValue(text);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}

using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using TraceCurate.Parquet;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// Rebuilds a Parquet row as the JSON object of the JSONL row it stands for (input-formats §2, the AgentTrace Parquet
/// view): a string column <c>X_json</c> holds JSON and becomes field <c>X</c> (its text copied as it is); every other
/// column becomes the field of the same name. Values DuckDB infers from JSON map back to what the JSON had: UUIDs are
/// already lowercase hyphenated strings, timestamps (milli/micro/nano) become UTC ISO 8601 strings.
/// </summary>
internal static class ParquetRowJson
{
    private const string JsonSuffix = "_json";

    public static byte[] Write(ParquetRecord row, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(buffer, TraceJsonWriter.Options))
        {
            w.WriteStartObject();
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, value) in row)
            {
                var isJson = name.EndsWith(JsonSuffix, StringComparison.Ordinal) && name.Length > JsonSuffix.Length && value is string or null;
                var field = isJson ? name[..^JsonSuffix.Length] : name;
                if (!written.Add(field)) continue; // both X and X_json: the first column wins
                w.WritePropertyName(field);
                // The text is checked by the reader's own JSON parse later, which reports a bad row at its row number.
                if (isJson && value is string json) w.WriteRawValue(json, skipInputValidation: true);
                else WriteValue(w, value);
            }
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case ulong u: w.WriteNumberValue(u); break;
            case decimal d: w.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): w.WriteNumberValue(f); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case float or double: w.WriteNullValue(); break; // JSON has no NaN or infinity
            case DateTimeOffset t: w.WriteStringValue(TraceJsonWriter.FormatTime(t)); break;
            case DateOnly d: w.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case byte[] bytes: w.WriteBase64StringValue(bytes); break;
            case ParquetRecord record:
                w.WriteStartObject();
                foreach (var (name, inner) in record)
                {
                    w.WritePropertyName(name);
                    WriteValue(w, inner);
                }
                w.WriteEndObject();
                break;
            case IEnumerable list:
                w.WriteStartArray();
                foreach (var item in list) WriteValue(w, item);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}

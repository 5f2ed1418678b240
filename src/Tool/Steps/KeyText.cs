using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace TraceCurate.Steps;

/// <summary>
/// The canonical text of a key expression's value (dedup key, cap per, split by), so equal values give equal keys on
/// every machine: invariant culture, round-trip numbers, null as a fixed marker, sequences and tuples element-wise.
/// </summary>
internal static class KeyText
{
    /// <summary>Stands for null; a control character, so no ordinary string equals it.</summary>
    public const string Null = "\u0000null";

    public static string Of(object? value)
    {
        var sb = new StringBuilder();
        Append(sb, value);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, object? value)
    {
        // A key may contain itself (an array holding itself): throw a catchable exception, which fails the step with
        // TC0005, rather than overflow the stack, which .NET cannot catch.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case null: sb.Append(Null); break;
            case string s: sb.Append(s); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case double d: sb.Append(d.ToString("R", CultureInfo.InvariantCulture)); break;
            case float f: sb.Append(f.ToString("R", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset t: sb.Append(t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)); break;
            case DateTime t: sb.Append(t.ToString("O", CultureInfo.InvariantCulture)); break;
            case JsonElement e: sb.Append(e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()); break;
            case IFormattable f: sb.Append(f.ToString(null, CultureInfo.InvariantCulture)); break;
            case ITuple tuple:
                sb.Append('(');
                for (var i = 0; i < tuple.Length; i++) { if (i > 0) sb.Append('\u001f'); Append(sb, tuple[i]); }
                sb.Append(')');
                break;
            case IEnumerable items:
                sb.Append('[');
                var first = true;
                foreach (var item in items) { if (!first) sb.Append('\u001f'); first = false; Append(sb, item); }
                sb.Append(']');
                break;
            default: sb.Append(value.ToString()); break;
        }
    }
}

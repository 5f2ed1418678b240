namespace TraceCurate.Steps.Redaction;

/// <summary>
/// Decides whether the value of a secret-looking assignment (<c>SERVICE_TOKEN=…</c>) is itself secret-like: long,
/// mixed, with the Shannon entropy of random text, and not an id or a path that merely sits behind such a name
/// (UUIDs, numbers, <c>models/llama-tokenizer.json</c>). Ids the tool must never touch (docs/safety.md) fail the test.
/// </summary>
internal static class HighEntropy
{
    public const double MinBitsPerChar = 3.3;

    public static bool IsSecretLike(string value)
    {
        if (value.Length < 16 || IsUuid(value) || value.StartsWith("http", StringComparison.OrdinalIgnoreCase)) return false;
        bool digit = false, upper = false, lower = false;
        foreach (var c in value)
        {
            digit |= char.IsAsciiDigit(c);
            upper |= char.IsAsciiLetterUpper(c);
            lower |= char.IsAsciiLetterLower(c);
        }
        // Random keys of this length hold a digit all but always; code (this.settings.getReserveTokens), words and
        // paths made of names often hold none.
        if (!digit || !(upper || lower)) return false;
        if (WordSegments(value) >= 2) return false; // a path, a file or a phrase: words split by / . _ -
        return BitsPerChar(value) >= MinBitsPerChar;
    }

    public static double BitsPerChar(string value)
    {
        Span<int> counts = stackalloc int[128];
        var other = 0;
        foreach (var c in value)
            if (c < 128) counts[c]++;
            else other++;
        double bits = 0;
        foreach (var n in counts) bits -= n == 0 ? 0 : n / (double)value.Length * Math.Log2(n / (double)value.Length);
        if (other > 0) bits -= other / (double)value.Length * Math.Log2(other / (double)value.Length);
        return bits;
    }

    private static int WordSegments(string value)
    {
        var words = 0;
        foreach (var part in value.Split('/', '.', '_', '-'))
            if (part.Length >= 3 && part.Skip(part.Length > 0 && char.IsAsciiLetterUpper(part[0]) ? 1 : 0).All(char.IsAsciiLetterLower)) words++;
        return words;
    }

    private static bool IsUuid(string value) => value.Length == 36 && Guid.TryParseExact(value, "D", out _);
}

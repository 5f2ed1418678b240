using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// Field readers shared by the line readers that read a line in one <see cref="JsonScanner"/> pass
/// (<see cref="ClaudeCodeFastLine"/>, <see cref="CodexFastLine"/>, <see cref="PiFastLine"/>). Each returns false when the line is not one the
/// pass reads itself; the reader then hands the line to its document path, which reports it as it always did.
/// </summary>
internal static class ScannedFields
{
    /// <summary>Marks a key as seen; false when it was seen before on the same object.</summary>
    public static bool Once(ref long seen, long bit)
    {
        if ((seen & bit) != 0) return false; // a key twice: which one a document lookup finds is the document path's to say
        seen |= bit;
        return true;
    }

    /// <summary>
    /// True when the scanner stands on an object's start; any other value is skipped whole and false returned, for the
    /// values the passes read only when they are objects (usage, cost, token info, content items).
    /// </summary>
    public static bool ObjectElseSkipped(ref JsonScanner s)
    {
        if (s.TokenType == JsonTokenType.StartObject) return true;
        s.Skip();
        return false;
    }

    /// <summary>
    /// Reads the next value as <see cref="ObjectElseSkipped"/> takes it: false when the line ends there (the pass cannot
    /// read it); otherwise <paramref name="isObject"/> says whether the scanner stands on an object's start.
    /// </summary>
    public static bool ReadObjectElseSkip(ref JsonScanner s, out bool isObject)
    {
        isObject = false;
        if (!s.Read()) return false;
        isObject = ObjectElseSkipped(ref s);
        return true;
    }

    /// <summary>A string or null value; false for any other type.</summary>
    public static bool OptionalString(ref JsonScanner s, out string? value)
    {
        value = null;
        if (!s.Read()) return false;
        if (s.TokenType == JsonTokenType.Null) return true;
        if (s.TokenType != JsonTokenType.String) return false;
        value = s.GetString();
        return true;
    }

    /// <summary>A boolean or null value; false for any other type.</summary>
    public static bool OptionalBoolean(ref JsonScanner s, out bool? value)
    {
        value = null;
        if (!s.Read()) return false;
        switch (s.TokenType)
        {
            case JsonTokenType.Null: return true;
            case JsonTokenType.True: value = true; return true;
            case JsonTokenType.False: value = false; return true;
            default: return false;
        }
    }
}

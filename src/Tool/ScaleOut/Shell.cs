using System.Text.RegularExpressions;

namespace TraceCurate.ScaleOut;

/// <summary>Quoting for POSIX shell text in the generated scripts.</summary>
internal static partial class Shell
{
    /// <summary>The word unchanged when the shell would read it literally, otherwise single-quoted.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && SafeWord().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z0-9_@%+=:,./-]+$")]
    private static partial Regex SafeWord();
}

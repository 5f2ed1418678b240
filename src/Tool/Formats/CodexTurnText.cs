using System.Text;

namespace TraceCurate.Formats;

/// <summary>
/// A model turn's texts (or its reasoning), the non-empty ones joined by a blank line as <see cref="CodexItems.Append"/>
/// joins them. Most turns have one: it is kept as it is, where two builders per turn copied every text twice.
/// </summary>
internal struct CodexTurnText
{
    private string? _first;
    private StringBuilder? _joined;

    public void Add(string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        if (_first is null)
        {
            _first = text;
            return;
        }
        (_joined ??= new StringBuilder(_first)).Append("\n\n").Append(text);
    }

    /// <summary>The texts joined; null when none was added.</summary>
    public readonly string? Value => _joined?.ToString() ?? _first;
}

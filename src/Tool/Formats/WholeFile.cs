namespace TraceCurate.Formats;

/// <summary>For formats where one file is one session (Pi, Claude Code, Codex, SWE-agent): the whole file is one record.</summary>
public static class WholeFile
{
    public static IEnumerable<RawRecord> Split(Stream content, InputFile file)
    {
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        var bytes = copy.GetBuffer().AsMemory(0, (int)copy.Length);
        if (bytes.Span.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        yield return new RawRecord(file, 1, bytes);
    }
}

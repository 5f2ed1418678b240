namespace TraceCurate.Formats;

/// <summary>For formats where one file is one session (Pi, Claude Code, Codex, SWE-agent): the whole file is one record.</summary>
public static class WholeFile
{
    public static IEnumerable<RawRecord> Split(Stream content, InputFile file)
    {
        var max = Math.Min(file.Options.Limits.MaxRecordBytes, Array.MaxLength - 1);
        using var copy = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = content.Read(chunk, 0, chunk.Length)) > 0)
        {
            // A session file over the record limit is a bad record, not an allocation of its whole size (docs/safety.md).
            if (copy.Length + read > max)
            {
                if (file.IsStream) throw JsonLines.TooLongInStream(file, 1, max);
                yield return JsonLines.TooLong(file, 1, max);
                yield break;
            }
            copy.Write(chunk, 0, read);
        }
        var bytes = copy.GetBuffer().AsMemory(0, (int)copy.Length);
        if (bytes.Span.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        yield return new RawRecord(file, 1, bytes);
    }
}

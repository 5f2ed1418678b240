namespace TraceCurate.Formats;

/// <summary>
/// Every input format, in sniffing order (input-formats §9: the more specific signals first). Adding a format is one
/// reader file and one line here; there is no reflection scan, so this table is the list of what the tool reads.
/// </summary>
public static class FormatRegistry
{
    public static readonly IReadOnlyList<ITraceReader> Readers =
    [
        new AgentTraceParquetReader(),
        new TraceParquetReader(),
        new MiniSweAgentReader(),
        new SweAgentReader(),
        new CodexReader(),
        new AgentTraceReader(),
        new TraceJsonlReader(),
        new PiReader(),
        new ClaudeCodeReader(),
    ];

    public static ITraceReader? Find(string name) =>
        Readers.FirstOrDefault(r => string.Equals(r.Format, name, StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<string> Names => Readers.Select(r => r.Format);
}

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
        new OpenHandsReader(), new OpenHandsOutputReader(), // before SWE-agent and mini-swe-agent: input-formats-2 §8
        new MiniSweAgentReader(),
        new SweAgentReader(),
        new CodexReader(),
        new AgentTraceReader(),
        new TraceJsonlReader(),
        new AtifReader(),
        new ChatRowsReader(),
        new PiReader(),
        new GeminiCliReader(), // before Claude Code (input-formats-2 §8)
        new OpencodeReader(),
        new ClaudeCodeReader(),
    ];

    public static ITraceReader? Find(string name) =>
        Readers.FirstOrDefault(r => string.Equals(r.Format, name, StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<string> Names => Readers.Select(r => r.Format);
}

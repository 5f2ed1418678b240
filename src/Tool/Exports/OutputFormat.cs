namespace TraceCurate.Exports;

/// <summary>Creates a writer for one output.</summary>
public delegate ITraceWriter WriterFactory(OutputTarget target, ExportOptions options);

/// <summary>
/// One output format, everything the tool knows about it in one record: the name recipes and <c>--format</c> use, how
/// its writer is made, and what the loader, the runner and the commands must know about its files. Its writer's own
/// options are read by the writer (docs/exports.md); the keys a recipe may give it are listed in the recipe loader.
/// </summary>
public sealed record OutputFormat(string Name, WriterFactory Create)
{
    /// <summary>
    /// The file is the plain concatenation of one independent piece per trace (JSONL shapes): shards' files joined in
    /// shard order equal the plain run's, so <c>--shard</c> may write it. Formats with headers, footers or their own
    /// layout are not.
    /// </summary>
    public bool Concatenable { get; init; }

    /// <summary>The file is binary (Parquet): <c>export</c> refuses to write it to standard output, which is text.</summary>
    public bool Binary { get; init; }

    /// <summary>
    /// Can hold a sub-agent's conversation inside its parent's record (<c>subagents: inline</c>): a nested
    /// <c>subagent</c> element in <c>codeact</c>, an indented <c>Subagent:</c> block in <c>tao</c>. The chat formats cannot:
    /// their tool message must answer the call right after it, and another agent's turns there would read as the parent's.
    /// </summary>
    public bool Inlines { get; init; }

    /// <summary>
    /// The output is meant to be published (a dataset folder for a public hub): a recipe writing it needs a
    /// <c>redact</c> step, or says <c>publish_unredacted: true</c>.
    /// </summary>
    public bool NeedsRedaction { get; init; }
}

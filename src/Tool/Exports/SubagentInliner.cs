using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// <c>subagents: inline</c> around a writer that can inline (<see cref="OutputFormat.Inlines"/>). Traces arrive in
/// input order, so a session is held until the next trace that is not one of its sub-agents, and its record is then
/// written with the sub-agents that followed it (from the same file, or the next files: a
/// <c>&lt;sessionId&gt;/subagents/</c> folder sorts right after its session file). A sub-agent that cannot be placed
/// (its parent is not the trace held, its parent's call is unknown or has no result, it has no assistant turn, or the
/// parent was skipped) is written as a record of its own after its parent's, and counted in
/// <see cref="NotInlined"/>. Held traces keep their records' bytes: the runner must not reuse those while this writer runs.
/// </summary>
internal sealed class SubagentInliner(JsonlRecordWriter inner) : ITraceWriter
{
    private readonly List<Trace> _subagents = [];
    private Trace? _parent;
    private long _inlined;

    public long Records => inner.Records;

    /// <summary>Sub-agents written as records of their own because they could not be placed in their parent's record.</summary>
    public long NotInlined { get; private set; }

    public IReadOnlyDictionary<string, long> Skipped
    {
        get
        {
            var all = new SortedDictionary<string, long>(inner.Skipped.ToDictionary(), StringComparer.Ordinal);
            if (_inlined > 0) all[Subagents.Inlined] = _inlined;
            return all;
        }
    }

    public void Write(Trace trace)
    {
        if (Subagents.IsSubagent(trace) && _parent is not null && trace.ParentId == _parent.Id)
        {
            _subagents.Add(trace);
            return;
        }
        Flush();
        if (Subagents.IsSubagent(trace))
        {
            NotInlined++;
            inner.Write(trace);
        }
        else _parent = trace;
    }

    private void Flush()
    {
        if (_parent is null) return;
        var placed = inner.WriteWithSubagents(_parent, _subagents);
        _inlined += placed.Count;
        foreach (var subagent in _subagents)
        {
            if (placed.Any(p => ReferenceEquals(p, subagent))) continue;
            NotInlined++;
            inner.Write(subagent);
        }
        _parent = null;
        _subagents.Clear();
    }

    public void Complete()
    {
        Flush();
        inner.Complete();
    }

    public void Dispose() => inner.Dispose();
}

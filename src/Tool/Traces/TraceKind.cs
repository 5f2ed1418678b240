namespace TraceCurate.Traces;

/// <summary>What kind of run a trace is: a main session, a sub-agent's run, a warm-up exchange, or a fork.</summary>
public enum TraceKind
{
    Main,
    Subagent,
    Warmup,
    Fork,
}

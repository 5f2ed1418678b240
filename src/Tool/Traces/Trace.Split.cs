namespace TraceCurate.Traces;

// Set by the `split` step (docs/steps.md); outputs with `split: NAME` receive only the traces of that part.
public sealed partial record Trace
{
    /// <summary>The part a <c>split</c> step assigned (<c>train</c>, <c>test</c>, …); null when no split step ran.</summary>
    public string? Split { get; init; }
}

using TraceCurate.Traces;

namespace TraceCurate.Steps;

/// <summary>
/// <c>export --filter</c> (output-formats §12.1): <c>success</c> keeps traces whose outcome is success, <c>failure</c>
/// those whose outcome is failure, and <c>error-recovery</c> the #101 wording: the agent recovered from an error, left
/// no error unrecovered, and succeeded.
/// </summary>
internal sealed class OutcomeFilterStep(string name, Func<Trace, bool> keep, string dropReason) : IRecipeStep
{
    public static readonly IReadOnlyList<string> Filters = ["error-recovery", "success", "failure"];

    public string Name { get; } = name;

    public bool IsStateless => true;

    public static OutcomeFilterStep Create(string name, string filter) => filter switch
    {
        "error-recovery" => new(name, t => t.HasErrorRecovery && t.UnrecoveredErrors.Count == 0 && t.Outcome == Outcome.Success, "no-error-recovery"),
        "success" => new(name, t => t.Outcome == Outcome.Success, "not-success"),
        "failure" => new(name, t => t.Outcome == Outcome.Failure, "not-failure"),
        _ => throw new ArgumentException($"unknown filter '{filter}'", nameof(filter)),
    };

    public StepResult Apply(Trace trace, StepCounters counters) => keep(trace) ? StepResult.Keep(trace) : StepResult.Drop(dropReason);
}

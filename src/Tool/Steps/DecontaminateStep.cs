using TraceCurate.Recipes;
using TraceCurate.Steps.Decontamination;
using TraceCurate.Traces;

namespace TraceCurate.Steps;

/// <summary>
/// <c>decontaminate: {against: [bench.jsonl], field: text, ngram: 13}</c> drops a trace whose task or any message text
/// shares a word n-gram with a reference (open-r1's any-match rule, output-formats §12.6). The drop detail names the
/// reference (file:line) and the shared words, for the rejects file.
/// </summary>
internal sealed class DecontaminateStep(string name, ReferenceSet references) : IRecipeStep
{
    public string Name { get; } = name;

    public bool IsStateless => true;

    public static IRecipeStep Create(StepDefinition definition, StepBuildContext context)
    {
        var y = context.Yaml;
        var keys = y.Keys(y.Mapping(definition.Value, "decontaminate"), "decontaminate", "against", "field", "ngram");
        if (!keys.TryGetValue("against", out var against)) throw y.Error(definition.Value, "decontaminate needs 'against', the reference files (.txt or .jsonl)");
        var field = keys.TryGetValue("field", out var f) ? y.String(f, "field") : "text";
        var n = keys.TryGetValue("ngram", out var g) ? (int)StepOptions.Integer(context, g, "ngram", min: 1) : 13;
        var references = new ReferenceSet(n);
        foreach (var (file, node) in y.StringList(against, "against"))
        {
            var full = Path.GetFullPath(Path.Combine(context.Recipe.Directory, file));
            if (!File.Exists(full))
                throw new Diagnostics.TraceCurateException(Diagnostics.Diagnostic.Error(Diagnostics.DiagnosticCodes.InputNotFound,
                    $"reference file '{file}' not found (looked for {full})", y.File, node.Start.Line, (int)node.Start.Column));
            references.Load(full, file.Replace('\\', '/'), field);
        }
        return new DecontaminateStep(definition.Name, references);
    }

    public StepResult Apply(Trace trace, StepCounters counters)
    {
        var match = trace.Task is { } task ? references.Match(task) : null;
        foreach (var message in trace.Messages)
        {
            if (match is not null) break;
            if (message.Text is { Length: > 0 } text) match = references.Match(text);
        }
        return match is { } m ? StepResult.Drop("contaminated", $"{m.Reference} shares '{m.Shared}'") : StepResult.Keep(trace);
    }
}

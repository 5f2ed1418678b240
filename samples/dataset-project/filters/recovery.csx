// Helpers of this dataset project's recipes. An import is an input of the build: editing this file rebuilds the
// datasets of the recipes that import it, and only those.

/// True when some failed action is followed, later in the run, by a successful call of the same tool.
static bool Recovered(Trace t) =>
    t.Actions.Any(f => f.Failed && t.Actions.Any(s => s.Index > f.Index && !s.Failed && s.Name == f.Name));

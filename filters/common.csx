// Helpers every recipe can import (imports: [../filters/common.csx]). Plain C# declarations: methods, fields and
// types become members of the recipe's snippet class, so any snippet of the recipe can call them.
using System.Text.RegularExpressions;

/// True when the trace ran at least one tool whose name contains `fragment` (ordinal, case-insensitive).
static bool UsedTool(Trace t, string fragment) =>
    t.Actions.Any(a => a.Name.Contains(fragment, StringComparison.OrdinalIgnoreCase));

/// The number of failed actions.
static int FailureCount(Trace t) => t.Actions.Count(a => a.Failed);

/// True when some failed action is followed, later in the run, by a successful call of the same tool: the plain
/// reading of "the agent hit an error and then recovered", usable before the analysis layer's HasErrorRecovery.
static bool FailedThenSucceeded(Trace t) =>
    t.Actions.Any(f => f.Failed && t.Actions.Any(s => s.Index > f.Index && !s.Failed && s.Name == f.Name));

static readonly Regex PythonError = new(@"^\w+Error: ", RegexOptions.Multiline | RegexOptions.CultureInvariant);

/// True when some tool output holds a Python exception line such as "NameError: …".
static bool RaisedPythonError(Trace t) => t.Actions.Any(a => a.Output is { } o && PythonError.IsMatch(o));

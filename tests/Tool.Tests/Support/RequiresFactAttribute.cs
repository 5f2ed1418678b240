namespace TraceCurate.Tests.Support;

/// <summary>
/// A fact that needs programs on PATH (bash, mkfifo, setpriv) or files (<c>/dev/zero</c>, <c>/usr/bin/chromium</c>): skipped, saying which is
/// missing, where they are not there (xunit 2 decides skips before the test runs, so it is an attribute). Under
/// <c>CI=true</c> it is never skipped: a missing program then fails the test instead of hiding it.
/// </summary>
public sealed class RequiresFactAttribute : FactAttribute
{
    public RequiresFactAttribute(params string[] needs)
    {
        var missing = needs.Where(n => n.StartsWith('/') ? !File.Exists(n) : Processes.Which(n) is null).ToList();
        if (missing.Count > 0 && !CorpusCounts.IsCi) Skip = $"needs {string.Join(", ", missing)}, which this machine does not have";
    }
}

namespace TraceCurate.Tests.Support;

/// <summary>
/// A fact over the shared corpus of real traces (<c>../shared/corpus/</c>). Outside CI it is skipped, visibly and with
/// the reason, when the corpus folder is absent; under <c>CI=true</c> it runs, so a missing corpus fails instead of
/// passing by returning early.
/// </summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute(string folder = "")
    {
        if (CorpusCounts.SkipReason(folder) is { } reason) Skip = reason;
    }
}

/// <summary>A theory over the shared corpus: skipped with a reason when the corpus is absent, except under <c>CI=true</c>.</summary>
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute(string folder = "")
    {
        if (CorpusCounts.SkipReason(folder) is { } reason) Skip = reason;
    }
}

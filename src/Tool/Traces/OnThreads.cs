using System.Runtime.ExceptionServices;

namespace TraceCurate.Traces;

/// <summary>
/// Indexed work spread over threads with every call made whatever the others do, so that the caller can throw the first
/// failure in order, as one pass would: a long session's parts and traces and its file's read (<c>SessionParts</c>,
/// <c>WholeFile</c>), and a long trace's analysis in chunks (<see cref="ActionChunks"/>).
/// </summary>
internal static class OnThreads
{
    /// <summary>
    /// <paramref name="body"/> for 0 to <paramref name="count"/> - 1 on up to <paramref name="threads"/> threads: what each
    /// call threw, by index (null where it returned).
    /// </summary>
    public static ExceptionDispatchInfo?[] Run(int threads, int count, System.Action<int> body)
    {
        var failures = new ExceptionDispatchInfo?[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, k =>
        {
            try
            {
                body(k);
            }
            catch (Exception e)
            {
                failures[k] = ExceptionDispatchInfo.Capture(e);
            }
        });
        return failures;
    }
}

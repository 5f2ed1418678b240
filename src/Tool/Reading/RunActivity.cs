using Stopwatch = System.Diagnostics.Stopwatch;
using TraceCurate.Traces;

namespace TraceCurate.Reading;

/// <summary>
/// What each thread of a run is judging right now (step, trace, file, line), so the <c>--timeout</c> watchdog can say
/// which trace a snippet that never returns was stuck on. One slot per thread; writing it costs one small allocation
/// per step and trace, nothing next to parsing JSON.
/// </summary>
internal sealed class RunActivity : IDisposable
{
    private readonly ThreadLocal<Slot> _slots = new(() => new Slot(), trackAllValues: true);

    /// <summary>The input file being read, for a timeout that strikes while no trace is being judged.</summary>
    public volatile string? Reading;

    public void Begin(string step, Trace trace, string file, long line) =>
        _slots.Value!.Entry = new Entry(step, trace.Id, file, line, Stopwatch.GetTimestamp());

    public void End() => _slots.Value!.Entry = null;

    /// <summary>The judgement that has been running longest, if any.</summary>
    public Entry? Oldest()
    {
        try
        {
            return _slots.Values.Select(s => s.Entry).OfType<Entry>().OrderBy(e => e.Since).FirstOrDefault();
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    public void Dispose() => _slots.Dispose();

    public sealed record Entry(string Step, string TraceId, string File, long Line, long Since)
    {
        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(Since);
    }

    private sealed class Slot
    {
        public volatile Entry? Entry;
    }
}

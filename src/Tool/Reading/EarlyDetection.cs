using System.Runtime.ExceptionServices;
using TraceCurate.Formats;

namespace TraceCurate.Reading;

/// <summary>
/// Formats detected on a thread of its own while a folder is still being walked: the walk has to end before its first
/// file is known (its files come out sorted by path), and on a folder of thousands of small sessions it ran on one core
/// with the other idle, detection only starting after it. Files are detected in the order the walk finds them; the
/// resolver then takes each file's outcome in input order (<see cref="Take"/>), detecting itself any file not started
/// yet, so no file is detected twice and an error still surfaces in input order, where the resolver meets it.
/// </summary>
internal sealed class EarlyDetection : IDisposable
{
    private const int Queued = 0, Taken = 1, Running = 2, Done = 3;

    private sealed class Slot(string path)
    {
        public readonly string Path = path;
        public int State;
        public ITraceReader? Reader;
        public ExceptionDispatchInfo? Failure;
    }

    private readonly object _gate = new();
    private readonly List<Slot> _queue = [];
    private readonly Dictionary<string, Slot> _byPath = new(StringComparer.Ordinal);
    private readonly Func<string, ITraceReader> _detect;
    private readonly Thread _thread;
    private int _next;
    private bool _disposed;

    /// <param name="detect">Detection of one file; what it throws is thrown again by <see cref="Take"/>.</param>
    public EarlyDetection(Func<string, ITraceReader> detect)
    {
        _detect = detect;
        _thread = new Thread(Run) { IsBackground = true, Name = "early detection" };
        _thread.Start();
    }

    /// <summary>A file the walk found, queued for detection (a path met twice is detected once).</summary>
    public void Found(string path)
    {
        lock (_gate)
        {
            if (_byPath.ContainsKey(path)) return;
            var slot = new Slot(path);
            _byPath.Add(path, slot);
            _queue.Add(slot);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// The reader detected for <paramref name="path"/> (waiting while its detection runs), or what that detection threw;
    /// null when it was never queued or not started yet: the caller detects it, and this thread never will.
    /// </summary>
    public ITraceReader? Take(string path)
    {
        Slot? slot;
        lock (_gate) _byPath.TryGetValue(path, out slot);
        if (slot is null || Interlocked.CompareExchange(ref slot.State, Taken, Queued) == Queued) return null;
        if (slot.State == Taken) return null; // taken before: the caller detects it again, as without this
        lock (_gate)
            while (Volatile.Read(ref slot.State) != Done) Monitor.Wait(_gate);
        slot.Failure?.Throw();
        return slot.Reader;
    }

    private void Run()
    {
        while (true)
        {
            Slot slot;
            lock (_gate)
            {
                while (_next == _queue.Count && !_disposed) Monitor.Wait(_gate);
                if (_disposed) return;
                slot = _queue[_next++];
            }
            if (Interlocked.CompareExchange(ref slot.State, Running, Queued) != Queued) continue; // taken by the resolver
            try
            {
                slot.Reader = _detect(slot.Path);
            }
            catch (Exception e)
            {
                slot.Failure = ExceptionDispatchInfo.Capture(e);
            }
            lock (_gate)
            {
                Volatile.Write(ref slot.State, Done);
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Stops the thread after the file it is detecting, if any; nothing is detected early after this.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
        _thread.Join();
    }
}

using System.Runtime.ExceptionServices;
using TraceCurate.Formats;
using TraceCurate.Recipes;

namespace TraceCurate.Reading;

/// <summary>
/// <see cref="InputResolver.Resolve(IEnumerable{InputSpec}, string?, bool, ICollection{string}?)"/> on a thread of its
/// own, its inputs given out in order as they are settled, so that reading starts while the folder's later files are
/// still being detected: on a folder of 10,494 small Codex sessions the walk and detection were a quarter of the wall
/// time, on the main thread alone, with the other core idle. What the caller reads before <see cref="Wait"/> returns may
/// still be followed by an error of the resolution, which comes first in input order (every resolution error used to
/// be reported before any record was read): a caller that fails while reading asks <see cref="Wait"/> first.
/// </summary>
public sealed class ResolvingInputs : IDisposable
{
    private readonly object _gate = new();
    private readonly List<InputFile?> _settled = []; // null once released (Release)
    private readonly List<string> _skipped = [];
    private readonly Thread _thread;
    private readonly bool _keepInputs;
    private IReadOnlyList<InputFile>? _inputs;
    private int _count;
    private int _released;
    private ExceptionDispatchInfo? _failure;
    private volatile bool _done;

    private ResolvingInputs(IReadOnlyList<InputSpec> specs, string? forcedFormat, bool skipUnknown, bool keepInputs)
    {
        _keepInputs = keepInputs;
        _thread = new Thread(() => Resolve(specs, forcedFormat, skipUnknown)) { IsBackground = true, Name = "input resolution" };
    }

    /// <summary>Starts resolving; the inputs come out of <see cref="InOrder"/> as they are settled.</summary>
    /// <param name="keepInputs">
    /// False when the caller asks for <see cref="Count"/> only, never for the list <see cref="Wait"/> returns, and says
    /// which inputs it is done with (<see cref="Release"/>): then no input is held after that, so that what is held does
    /// not grow with the number of files (a Codex folder has tens of thousands).
    /// </param>
    public static ResolvingInputs Start(IReadOnlyList<InputSpec> specs, string? forcedFormat, bool skipUnknown, bool keepInputs = true)
    {
        var resolving = new ResolvingInputs(specs, forcedFormat, skipUnknown, keepInputs);
        resolving._thread.Start();
        return resolving;
    }

    /// <summary>True once the resolution has ended, with every input or with an error.</summary>
    public bool Done => _done;

    /// <summary>The input at <paramref name="index"/>, which <see cref="InOrder"/> has already given out and was not released.</summary>
    public InputFile this[int index]
    {
        get
        {
            lock (_gate) return _settled[index] ?? throw new InvalidOperationException($"input {index} was released");
        }
    }

    /// <summary>
    /// Drops the inputs before <paramref name="count"/> (given out already): the caller is done with them. Only when
    /// started without keeping the inputs; otherwise <see cref="Wait"/>'s list holds them all anyway.
    /// </summary>
    public void Release(int count)
    {
        if (_keepInputs) return;
        lock (_gate)
            for (; _released < count && _released < _settled.Count; _released++) _settled[_released] = null;
    }

    /// <summary>How many inputs there are, after <see cref="Wait"/> or <see cref="WaitForCount"/>.</summary>
    public int Count => _count;

    /// <summary>
    /// The inputs in input order, each as soon as it is settled, waiting for the next; ends after the last. When the
    /// resolution fails it ends with an exception that only says so: the error itself is <see cref="Wait"/>'s.
    /// </summary>
    public IEnumerable<InputFile> InOrder()
    {
        for (var next = 0; ; next++)
        {
            InputFile input;
            lock (_gate)
            {
                while (next == _settled.Count && !_done) Monitor.Wait(_gate);
                if (next == _settled.Count)
                {
                    if (_failure is not null) throw new OperationCanceledException("the inputs could not be resolved");
                    yield break;
                }
                input = _settled[next]!; // released only after it was given out
            }
            yield return input;
        }
    }

    /// <summary>
    /// Waits for the resolution's end: every input in order (as <see cref="InputResolver.Resolve(IEnumerable{InputSpec}, string?, bool, ICollection{string}?)"/>
    /// returns them), or the resolution's error thrown as it would have thrown it.
    /// </summary>
    public IReadOnlyList<InputFile> Wait()
    {
        if (!_keepInputs) throw new InvalidOperationException("the inputs were not kept: ask WaitForCount");
        _thread.Join();
        _failure?.Throw();
        return _inputs!;
    }

    /// <summary><see cref="Wait"/>, for the number of inputs only (all a caller that does not keep them may ask).</summary>
    public int WaitForCount()
    {
        _thread.Join();
        _failure?.Throw();
        return _count;
    }

    /// <summary>The full path of every file skipped because no reader claims it (--skip-unknown), after <see cref="Wait"/>.</summary>
    public IReadOnlyList<string> Skipped => _skipped;

    private void Resolve(IReadOnlyList<InputSpec> specs, string? forcedFormat, bool skipUnknown)
    {
        try
        {
            var inputs = InputResolver.Resolve(specs, forcedFormat, skipUnknown, _skipped, Settle);
            _count = inputs.Count;
            if (_keepInputs) _inputs = inputs;
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
        lock (_gate)
        {
            _done = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Settle(List<InputFile> inputs)
    {
        lock (_gate)
        {
            _settled.AddRange(inputs);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Waits for the resolution, so that no thread of it outlives its caller.</summary>
    public void Dispose() => _thread.Join();
}

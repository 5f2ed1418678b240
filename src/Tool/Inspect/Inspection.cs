using TraceCurate.Traces;

namespace TraceCurate.Inspect;

/// <summary>
/// Statistics of a whole look at some traces: the total, one block per input file (in input order), and, with a
/// grouping key, one block per key value (ordinal order). Fed one trace at a time, on one thread, in input order.
/// </summary>
public sealed class Inspection(GroupKey? by = null)
{
    private readonly Dictionary<string, InputStatistics> _inputsByPath = new(StringComparer.Ordinal);
    private readonly List<InputStatistics> _inputs = [];
    private string? _lastPath;
    private InputStatistics? _lastInput;
    private InputEntrySpool? _spool;
    private int _spooled; // inputs rendered into the spool: always the first ones, in input order
    private bool _pathNamedTwice; // two inputs share an entry, so none is known to be finished before the end

    /// <summary>
    /// True when the caller writes the JSON document and nothing else (<c>inspect --json</c>): each input's entry is
    /// rendered as soon as its input is read whole (<see cref="Finished"/>) into an <see cref="InputEntrySpool"/>, and
    /// its figures dropped, so the memory held does not grow with the number of inputs (a Codex folder has thousands).
    /// </summary>
    public bool SpoolsInputs { get; init; }

    public TraceStatistics Total { get; } = new();

    public IReadOnlyList<InputStatistics> Inputs => _inputs;

    public GroupKey? By { get; } = by;

    public SortedDictionary<string, TraceStatistics> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>Names an input before any trace of it arrives, so inputs without traces are listed too.</summary>
    public InputStatistics AddInput(string path, string format)
    {
        if (_inputsByPath.TryGetValue(path, out var existing))
        {
            _pathNamedTwice = true;
            return existing;
        }
        var input = new InputStatistics(path, format);
        _inputsByPath[path] = input;
        _inputs.Add(input);
        return input;
    }

    /// <summary>Adds a trace to the total, to its input (by <see cref="Trace.Source"/> path) and to its groups.</summary>
    public void Add(Trace t)
    {
        Total.Add(t);
        // An input's traces come one after another: its entry is looked up once, not hashed by its path per trace.
        if (_lastInput is null || !string.Equals(_lastPath, t.Source.Path, StringComparison.Ordinal))
        {
            _lastPath = t.Source.Path;
            _lastInput = _inputsByPath.TryGetValue(_lastPath, out var named) ? named : AddInput(_lastPath, t.Format);
        }
        _lastInput.Statistics.Add(t);
        if (By is null) return;
        foreach (var key in By.ValuesOf(t))
        {
            if (!Groups.TryGetValue(key, out var group)) Groups[key] = group = new TraceStatistics();
            group.Add(t);
        }
    }

    /// <summary>
    /// Says that every trace of <paramref name="input"/> was added and its counts and read report set: with
    /// <see cref="SpoolsInputs"/>, its entry is rendered now and the input dropped (from <see cref="Inputs"/> too, whose
    /// place for it then holds <see cref="InputStatistics.Written"/>). Inputs are rendered in input order
    /// only; one finished out of order is left, with those after it, to <see cref="EndSpool"/>.
    /// </summary>
    public void Finished(InputStatistics input)
    {
        if (!SpoolsInputs || _pathNamedTwice || _spooled == _inputs.Count || !ReferenceEquals(_inputs[_spooled], input)) return;
        (_spool ??= new InputEntrySpool()).Add(input);
        // Nothing of a written input is held: its name and its figures were a few hundred bytes per file kept to the
        // end, so the peak grew with the number of files (a Codex folder of 21,000). Its place in the list says it was.
        if (_inputsByPath.TryGetValue(input.NamedAs, out var named) && ReferenceEquals(named, input)) _inputsByPath.Remove(input.NamedAs);
        _inputs[_spooled] = InputStatistics.Written;
        _spooled++;
    }

    /// <summary>
    /// The spool with every input's entry (those not yet rendered are rendered now), handed over once to the writer of
    /// the document; null when no input was spooled (the entries are then written from the figures held).
    /// </summary>
    internal InputEntrySpool? EndSpool()
    {
        if (_spool is not { } spool) return null;
        for (; _spooled < _inputs.Count; _spooled++) spool.Add(_inputs[_spooled]);
        _spool = null;
        return spool;
    }
}

/// <summary>One input file's figures; <see cref="Path"/> as the caller named it (display form).</summary>
public sealed class InputStatistics(string path, string format)
{
    /// <summary>
    /// What <see cref="Inspection.Inputs"/> holds in place of an input whose entry was written to the JSON document and
    /// dropped (<see cref="Inspection.SpoolsInputs"/>): no path, no format, no figures.
    /// </summary>
    internal static readonly InputStatistics Written = Released("", "");

    private static InputStatistics Released(string path, string format)
    {
        var released = new InputStatistics(path, format);
        released.Release();
        return released;
    }

    public string Path { get; set; } = path;

    /// <summary>The path the input was named by in the inspection (<see cref="Path"/> may be changed to a display form).</summary>
    internal string NamedAs { get; } = path;

    public string Format { get; } = format;

    public long Records { get; set; }

    public long BadRecords { get; set; }

    public long TruncatedRecords { get; set; }

    /// <summary>Lines skipped inside session files whose session was kept (<c>--skip-bad-records</c>, cut last lines).</summary>
    public long LinesSkipped { get; set; }

    /// <summary>The file's read report: records, their types (and those not understood), versions, lines skipped or split.</summary>
    public Formats.ReadReport Read
    {
        get => _dropped ? throw Dropped() : _read ??= new();
        set => _read = value;
    }

    private Formats.ReadReport? _read; // made when read before it is set: inspect sets every input's from its reading

    /// <summary>
    /// Made at the input's first trace or first look: every input is named before any is read, and a statistics block
    /// made then for each of a folder's thousands of files was a kilobyte per file held from the start.
    /// </summary>
    public TraceStatistics Statistics => _dropped ? throw Dropped() : _statistics ??= new();

    private TraceStatistics? _statistics;
    private bool _dropped;

    /// <summary>Drops the figures once the input's JSON entry is rendered (<see cref="Inspection.SpoolsInputs"/>).</summary>
    internal void Release()
    {
        _statistics = null;
        _read = null;
        _dropped = true;
    }

    private InvalidOperationException Dropped() =>
        new($"the figures of {Path} were written to the JSON document and dropped (Inspection.SpoolsInputs)");
}

/// <summary>
/// What <c>--by</c> groups on: <c>model</c> (the main model), <c>format</c>, <c>tool</c> (every tool a trace called;
/// a trace that called two tools is in both groups, so the groups overlap) or <c>meta:KEY</c> (a dotted metadata path,
/// as <see cref="Trace.Meta"/>). A trace with no value goes to "(unknown)" (for <c>tool</c>: "(no tool)").
/// </summary>
public sealed class GroupKey
{
    private readonly Func<Trace, IEnumerable<string>> _values;

    private GroupKey(string name, Func<Trace, IEnumerable<string>> values)
    {
        Name = name;
        _values = values;
    }

    /// <summary>The key as the user spelled it (<c>model</c>, <c>meta:dataset</c>).</summary>
    public string Name { get; }

    public IEnumerable<string> ValuesOf(Trace t) => _values(t);

    /// <summary>Null when the text is not a known key.</summary>
    public static GroupKey? Parse(string text) => text switch
    {
        "model" => new GroupKey(text, t => [t.Model ?? TraceStatistics.Unknown]),
        "format" => new GroupKey(text, t => [t.Format]),
        "tool" => new GroupKey(text, t => t.Actions.Count == 0 ? ["(no tool)"] : t.Actions.Select(a => a.Name).Distinct(StringComparer.Ordinal)),
        _ when text.StartsWith("meta:", StringComparison.Ordinal) && text.Length > 5 =>
            new GroupKey(text, t => [t.Meta(text[5..]) ?? TraceStatistics.Unknown]),
        _ => null,
    };

    public const string Help = "model, format, tool or meta:KEY (a dotted metadata path)";
}

using TraceCurate.Reading;

namespace TraceCurate.Pipeline;

/// <summary>A one-line progress display on a terminal, redrawn a few times a second: bytes read of the total.</summary>
internal sealed class ProgressLine : IDisposable
{
    private readonly TextWriter _log;
    private readonly IReadOnlyList<InputStats> _inputs;
    private readonly long _total;
    private readonly Timer _timer;

    public ProgressLine(TextWriter log, IReadOnlyList<InputStats> inputs)
    {
        _log = log;
        _inputs = inputs;
        _total = Math.Max(1, inputs.Sum(i => i.File.Length));
        _timer = new Timer(_ => Draw(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
    }

    private void Draw()
    {
        var read = _inputs.Sum(i => i.BytesRead);
        var share = Math.Min(1.0, (double)read / _total);
        var bar = new string('#', (int)(share * 30)).PadRight(30, '.');
        lock (_log) _log.Write($"\r[{bar}] {share,4:P0} {read / 1e6,8:F1} MB");
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_log) _log.Write("\r" + new string(' ', 60) + "\r");
    }
}

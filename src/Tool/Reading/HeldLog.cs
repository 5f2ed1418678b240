using System.Text;

namespace TraceCurate.Reading;

/// <summary>
/// A log whose lines are held until <see cref="Release"/>, then written through: reading that starts while its inputs are
/// still being resolved (<see cref="ResolvingInputs"/>) holds its warnings until the resolution has said what comes
/// before them (the files skipped) or failed (then nothing was read, as far as the user is told). One thread writes.
/// </summary>
public sealed class HeldLog(TextWriter log) : TextWriter
{
    private StringBuilder? _held = new();

    public override Encoding Encoding => log.Encoding;

    /// <summary>Writes what was held to the log; from now on every write goes straight to it.</summary>
    public void Release()
    {
        if (_held is null) return;
        log.Write(_held.ToString());
        _held = null;
    }

    public override void Write(char value)
    {
        if (_held is null) log.Write(value);
        else _held.Append(value);
    }

    public override void Write(string? value)
    {
        if (_held is null) log.Write(value);
        else _held.Append(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        if (_held is null) log.Write(buffer, index, count);
        else _held.Append(buffer, index, count);
    }

    public override void WriteLine(string? value)
    {
        if (_held is null) log.WriteLine(value);
        else _held.Append(value).Append(log.NewLine); // the log's own line end, as if written straight to it
    }

    public override void Flush()
    {
        if (_held is null) log.Flush();
    }
}

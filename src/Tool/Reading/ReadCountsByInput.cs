using System.Collections;

namespace TraceCurate.Reading;

/// <summary>
/// One <see cref="ReadCounts"/> per input, made when an input's index is first asked for: reading whose inputs are
/// still being resolved (<see cref="ResolvingInputs"/>) does not know how many there will be. Used on one thread.
/// A caller that has taken an input's final counts may drop them (<see cref="Drop"/>), so that what is held does not
/// grow with the number of inputs (a Codex folder has tens of thousands).
/// </summary>
public sealed class ReadCountsByInput : IReadOnlyList<ReadCounts>
{
    private readonly List<ReadCounts?> _counts = [];
    private bool _dropped;

    /// <summary>The input's counts; asking for those of an input already dropped is a mistake of the caller's.</summary>
    public ReadCounts this[int index]
    {
        get
        {
            Grow(index + 1);
            return _counts[index] ?? throw new InvalidOperationException($"the read counts of input {index} were dropped");
        }
    }

    public int Count => _counts.Count;

    /// <summary>Makes the counts of the first <paramref name="count"/> inputs, if not made yet.</summary>
    public void Grow(int count)
    {
        while (_counts.Count < count) _counts.Add(new ReadCounts());
    }

    /// <summary>
    /// Forgets the counts of the input at <paramref name="index"/>, read whole: the records come in input order, so
    /// nothing counts into them again. Not for a caller that enumerates the counts (the progress line sums them).
    /// </summary>
    public void Drop(int index)
    {
        _counts[index] = null;
        _dropped = true;
    }

    public IEnumerator<ReadCounts> GetEnumerator() => _dropped
        ? throw new InvalidOperationException("some read counts were dropped")
        : ((IEnumerable<ReadCounts>)_counts).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

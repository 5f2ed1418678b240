using System.Collections;

namespace TraceCurate.Reading;

/// <summary>
/// One <see cref="ReadCounts"/> per input, made when an input's index is first asked for: reading whose inputs are
/// still being resolved (<see cref="ResolvingInputs"/>) does not know how many there will be. Used on one thread.
/// </summary>
public sealed class ReadCountsByInput : IReadOnlyList<ReadCounts>
{
    private readonly List<ReadCounts> _counts = [];

    public ReadCounts this[int index]
    {
        get
        {
            Grow(index + 1);
            return _counts[index];
        }
    }

    public int Count => _counts.Count;

    /// <summary>Makes the counts of the first <paramref name="count"/> inputs, if not made yet.</summary>
    public void Grow(int count)
    {
        while (_counts.Count < count) _counts.Add(new ReadCounts());
    }

    public IEnumerator<ReadCounts> GetEnumerator() => _counts.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

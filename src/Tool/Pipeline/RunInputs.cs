using TraceCurate.Formats;
using TraceCurate.Reading;

namespace TraceCurate.Pipeline;

/// <summary>
/// A run's inputs with their figures, growing while the inputs are still being resolved (<see cref="ResolvingInputs"/>):
/// the producer adds each input as it hands on the input's first batch, the workers hash what they read into the figures
/// of inputs already added, and the writing thread counts into them; so every access takes the lock.
/// </summary>
internal sealed class RunInputs : IReadOnlyList<InputStats>
{
    private readonly List<InputStats> _stats = [];

    public InputStats this[int index]
    {
        get
        {
            lock (_stats) return _stats[index];
        }
    }

    public int Count
    {
        get
        {
            lock (_stats) return _stats.Count;
        }
    }

    /// <summary>Adds <paramref name="file"/>, whose index must be the next one, and returns it.</summary>
    public InputFile Add(InputFile file)
    {
        lock (_stats)
        {
            if (file.Index != _stats.Count) throw new InvalidOperationException($"input {file.Index} added as input {_stats.Count}");
            _stats.Add(new InputStats(file));
        }
        return file;
    }

    /// <summary>The figures once no input is added any more (the run has read what it reads): a plain array.</summary>
    public InputStats[] Settled()
    {
        lock (_stats) return [.. _stats];
    }

    public IEnumerator<InputStats> GetEnumerator() => ((IEnumerable<InputStats>)Settled()).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

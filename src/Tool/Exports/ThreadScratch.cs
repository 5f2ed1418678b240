namespace TraceCurate.Exports;

/// <summary>
/// A thread's reusable byte buffer for rendering one value at a time (a <c>[ThreadStatic]</c> field of its user): grown
/// to what a value needs, and replaced once it has grown past 1 MB, so that one huge value does not pin its buffer for
/// the thread's life.
/// </summary>
internal static class ThreadScratch
{
    private const int Largest = 1 << 20;

    /// <summary>The buffer in <paramref name="slot"/>, or a new one of at least <paramref name="needed"/> (and <paramref name="smallest"/>) bytes put there.</summary>
    public static byte[] Of(ref byte[]? slot, int needed, int smallest)
    {
        if (slot is not { } buffer || buffer.Length < needed || buffer.Length > Largest) slot = buffer = new byte[Math.Max(needed, smallest)];
        return buffer;
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TraceCurate.Steps;

/// <summary>
/// pipeline-anchors §6.5: a trace's fate is <c>U64(SHA-256(seed ‖ 0x00 ‖ rule ‖ 0x00 ‖ key)[0..8])</c> (big-endian),
/// so it depends on nothing but the trace's key: not the order, the thread count or the sharding. The rule (the step
/// name) salts the hash so two sampling steps are independent.
/// </summary>
internal static class HashDecision
{
    public static ulong U64(string seed, string rule, string key)
    {
        var bytes = Encoding.UTF8.GetBytes(seed + "\0" + rule + "\0" + key);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes, hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    /// <summary>The hash as a fraction in [0, 1).</summary>
    public static double Unit(string seed, string rule, string key) => (U64(seed, rule, key) >> 11) * (1.0 / (1UL << 53));
}

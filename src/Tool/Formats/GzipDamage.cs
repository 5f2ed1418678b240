using System.IO.Compression;

namespace TraceCurate.Formats;

/// <summary>
/// Says what is wrong with a gzip input the decoder refused. The runtime's messages do not tell a cut file from a bad
/// checksum (a CRC-32 mismatch reads "unsupported compression method"), so a regular file is decoded once more, on this
/// error path only: the deflate data alone, then its CRC-32 and length against the trailer (RFC 1952). Only the last
/// member's trailer is at the end of the file, so for a multi-member file a mismatch of both is reported as damage.
/// </summary>
internal static class GzipDamage
{
    /// <summary>Larger files get the runtime's word only: the diagnosis holds the whole file in memory.</summary>
    private const long MaxDiagnosedBytes = 1L << 30;

    public static string Describe(Exception error, string path)
    {
        var fallback = error.Message.Contains("truncated", StringComparison.OrdinalIgnoreCase)
            ? "the gzip stream ends before its end marker: the file is truncated, and the records after this point are missing"
            : "the gzip data is damaged: a compressed block does not decode, or the CRC-32 or length check at its end fails";
        if (StreamInputs.Find(Path.GetFullPath(path)) is not null || !File.Exists(path) || new FileInfo(path).Length > MaxDiagnosedBytes) return fallback;
        try
        {
            return Diagnose(File.ReadAllBytes(path)) ?? fallback;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OutOfMemoryException)
        {
            return fallback;
        }
    }

    private static string? Diagnose(byte[] file)
    {
        if (HeaderLength(file) is not { } start) return "the gzip header is damaged";
        if (file.Length < start + 8) return "the gzip stream ends before its end marker: the file is truncated";
        uint crc = 0xFFFFFFFF;
        long length = 0;
        try
        {
            using var deflate = new DeflateStream(new MemoryStream(file, start, file.Length - start), CompressionMode.Decompress);
            var buffer = new byte[1 << 16];
            int n;
            while ((n = deflate.Read(buffer)) > 0)
            {
                crc = Crc32.Update(crc, buffer.AsSpan(0, n));
                length += n;
            }
        }
        catch (InvalidDataException e) when (e.Message.Contains("truncated", StringComparison.OrdinalIgnoreCase))
        {
            return $"the gzip stream ends before its end marker after {length:N0} bytes of data: the file is truncated, and the records after this point are missing";
        }
        catch (InvalidDataException)
        {
            return $"the gzip data is damaged after {length:N0} bytes of data: a compressed block does not decode";
        }
        crc ^= 0xFFFFFFFF;
        var storedCrc = BitConverter.ToUInt32(file, file.Length - 8);
        var storedLength = BitConverter.ToUInt32(file, file.Length - 4);
        var lengthMatches = storedLength == (uint)length;
        if (storedCrc != crc && lengthMatches)
            return $"CRC-32 mismatch: the data decodes ({length:N0} bytes) but its checksum is {crc:x8} where the file says {storedCrc:x8}; the file is damaged";
        if (storedCrc == crc && !lengthMatches)
            return $"length mismatch: the data decodes to {length:N0} bytes where the file says {storedLength:N0} (modulo 2^32); the file is damaged";
        if (storedCrc != crc)
            return $"the data decodes ({length:N0} bytes) but matches neither the CRC-32 nor the length at the end of the file: the compressed data is damaged";
        return null;
    }

    /// <summary>The length of the member header (RFC 1952 §2.3), or null when it is not a gzip header.</summary>
    private static int? HeaderLength(byte[] file)
    {
        if (file.Length < 10 || file[0] != 0x1f || file[1] != 0x8b || file[2] != 8) return null;
        var flags = file[3];
        var at = 10;
        if ((flags & 4) != 0)
        {
            if (at + 2 > file.Length) return null;
            at += 2 + BitConverter.ToUInt16(file, at); // FEXTRA
        }
        if ((flags & 8) != 0) at = Array.IndexOf(file, (byte)0, at) + 1; // FNAME, zero-terminated
        if (at > 0 && (flags & 16) != 0) at = Array.IndexOf(file, (byte)0, at) + 1; // FCOMMENT
        if (at > 0 && (flags & 2) != 0) at += 2; // FHCRC
        return at <= 0 || at > file.Length ? null : at;
    }

    private static class Crc32
    {
        private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
        {
            var c = (uint)n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            return c;
        }).ToArray();

        public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return crc;
        }
    }
}

using System.Runtime.InteropServices;

namespace TraceCurate.Parquet;

/// <summary>
/// Zstandard (RFC 8878) through the system libzstd, loaded on first use. The .NET BCL has no
/// zstd; when the library is absent ZSTD files cannot be read or written and a clear
/// <see cref="NotSupportedException"/> says so.
/// </summary>
internal static unsafe class Zstd
{
    private static readonly string[] Candidates = ["libzstd.so.1", "libzstd.so", "libzstd.dylib", "libzstd.1.dylib", "libzstd.dll", "zstd.dll"];
    private static readonly Lazy<Api?> Loaded = new(Load);

    private sealed class Api
    {
        public delegate* unmanaged<nuint, nuint> CompressBound;
        public delegate* unmanaged<void*, nuint, void*, nuint, int, nuint> Compress;
        public delegate* unmanaged<void*, nuint, void*, nuint, nuint> Decompress;
        public delegate* unmanaged<nuint, uint> IsError;
        public delegate* unmanaged<nuint, byte*> GetErrorName;
        public delegate* unmanaged<uint> VersionNumber;
    }

    public static bool IsAvailable => Loaded.Value is not null;

    /// <summary>libzstd's version as MAJOR*10000+MINOR*100+PATCH; compressed bytes can differ between versions.</summary>
    public static uint Version => Require().VersionNumber();

    public static byte[] Compress(ReadOnlySpan<byte> input, int level)
    {
        var output = new byte[CompressBound(input.Length)];
        return output.AsSpan(0, Compress(input, output, level)).ToArray();
    }

    /// <summary>The largest compressed size of <paramref name="length"/> bytes.</summary>
    public static int CompressBound(int length) => checked((int)Require().CompressBound((nuint)length));

    /// <summary>Compresses into <paramref name="output"/> (at least <see cref="CompressBound"/> bytes); returns the length written.</summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output, int level)
    {
        var api = Require();
        fixed (byte* src = input)
        fixed (byte* dst = output)
        {
            nuint n = api.Compress(dst, (nuint)output.Length, src, (nuint)input.Length, level);
            Check(api, n, "compression");
            return (int)n;
        }
    }

    /// <summary>Decompresses one or more frames into exactly <paramref name="uncompressedSize"/> bytes.</summary>
    public static byte[] Decompress(ReadOnlySpan<byte> input, int uncompressedSize)
    {
        var api = Require();
        var output = new byte[uncompressedSize];
        fixed (byte* src = input)
        fixed (byte* dst = output)
        {
            nuint n = api.Decompress(dst, (nuint)output.Length, src, (nuint)input.Length);
            Check(api, n, "decompression");
            if ((int)n != uncompressedSize)
                throw new ParquetFormatException($"Corrupt ZSTD data: produced {n} bytes, the page header says {uncompressedSize}");
        }
        return output;
    }

    private static void Check(Api api, nuint code, string what)
    {
        if (api.IsError(code) == 0) return;
        string name = Marshal.PtrToStringAnsi((nint)api.GetErrorName(code)) ?? "unknown error";
        throw new ParquetFormatException($"ZSTD {what} failed: {name}");
    }

    private static Api Require() => Loaded.Value ?? throw new NotSupportedException(
        "zstd unavailable: the system library libzstd (libzstd.so.1) could not be loaded. " +
        "Install it (Debian/Ubuntu: apt-get install libzstd1) or use another codec (e.g. --compression snappy).");

    private static Api? Load()
    {
        foreach (var name in Candidates)
        {
            if (!NativeLibrary.TryLoad(name, out nint h)) continue;
            if (!NativeLibrary.TryGetExport(h, "ZSTD_compress", out nint c) ||
                !NativeLibrary.TryGetExport(h, "ZSTD_decompress", out nint d) ||
                !NativeLibrary.TryGetExport(h, "ZSTD_compressBound", out nint b) ||
                !NativeLibrary.TryGetExport(h, "ZSTD_isError", out nint e) ||
                !NativeLibrary.TryGetExport(h, "ZSTD_getErrorName", out nint en) ||
                !NativeLibrary.TryGetExport(h, "ZSTD_versionNumber", out nint v)) continue;
            return new Api
            {
                Compress = (delegate* unmanaged<void*, nuint, void*, nuint, int, nuint>)c,
                Decompress = (delegate* unmanaged<void*, nuint, void*, nuint, nuint>)d,
                CompressBound = (delegate* unmanaged<nuint, nuint>)b,
                IsError = (delegate* unmanaged<nuint, uint>)e,
                GetErrorName = (delegate* unmanaged<nuint, byte*>)en,
                VersionNumber = (delegate* unmanaged<uint>)v,
            };
        }
        return null;
    }
}

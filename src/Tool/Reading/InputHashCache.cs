using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace TraceCurate.Reading;

/// <summary>
/// The SHA-256 of input files that have not changed since a previous run, so a recipe re-run over a large corpus does
/// not hash it again (SHA-256 runs at about 1.5 GB/s a core: a tenth of a filter run's work). Like git's index and
/// DVC's state, an entry is keyed by what the file system says of the file: device, inode, size, modification and
/// status-change times in nanoseconds. Any write changes the status-change time, which no program can set back, so a
/// changed file never matches. An entry is only written for a file whose times are some seconds old: a file written
/// within the clock's tick after it was hashed could otherwise keep the same times ("racily clean" in git).
/// Linux only (statx); elsewhere, and with <c>--no-cache</c>, every input is hashed.
/// </summary>
public sealed class InputHashCache
{
    /// <summary>How old a file's times must be before its hash is remembered.</summary>
    private static readonly TimeSpan DefaultSettleTime = TimeSpan.FromSeconds(2);

    private readonly string? _directory;
    private readonly TimeSpan _settleTime;

    private InputHashCache(string? directory, TimeSpan settleTime) => (_directory, _settleTime) = (directory, settleTime);

    public static InputHashCache Disabled { get; } = new(null, DefaultSettleTime);

    /// <summary>Entries in <paramref name="directory"/>.</summary>
    public static InputHashCache At(string? directory) => At(directory, DefaultSettleTime);

    /// <summary>For tests: a shorter settle time, so a file just written can be remembered.</summary>
    internal static InputHashCache At(string? directory, TimeSpan settleTime) => new(OperatingSystem.IsLinux() ? directory : null, settleTime);

    /// <summary>The <c>inputs</c> folder inside the compile cache's folder (none when the compile cache has no folder).</summary>
    public static InputHashCache Beside(string? compileCacheDirectory) =>
        At(compileCacheDirectory is { } dir ? Path.Combine(dir, "inputs") : null);

    /// <summary>The remembered SHA-256 of the file as it is now, or null.</summary>
    public string? TryGet(string path)
    {
        if (Entry(path) is not { } entry) return null;
        try
        {
            var text = File.Exists(entry.Path) ? File.ReadAllText(entry.Path).Trim() : null;
            return text is { Length: 64 } && text.All(char.IsAsciiHexDigitLower) ? text : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // a cache that cannot be read is a miss, never a failure
        }
    }

    /// <summary>Remembers <paramref name="sha256"/> for the file, when its times are old enough to be trusted.</summary>
    public void Remember(string path, string sha256)
    {
        if (Entry(path) is not { } entry || DateTimeOffset.UtcNow - entry.Changed < _settleTime) return;
        try
        {
            Directory.CreateDirectory(_directory!);
            var temp = entry.Path + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temp, sha256);
            File.Move(temp, entry.Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not remembered: the next run hashes again.
        }
    }

    private (string Path, DateTimeOffset Changed)? Entry(string path)
    {
        if (_directory is null || FileIdentity.Of(path) is not { } id) return null;
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Path.GetFullPath(path)}\n{id.Text}")));
        return (Path.Combine(_directory, key), id.Changed);
    }

    /// <summary>A file's identity as statx(2) reports it; null when the call is not available.</summary>
    private static class FileIdentity
    {
        private const int AtFdCwd = -100;
        private const uint StatxBasicStats = 0x7ff;

        public static (string Text, DateTimeOffset Changed)? Of(string path)
        {
            // struct statx is the same on every Linux architecture: ino at 32, size at 40, ctime at 96, mtime at 112
            // (each {s64 sec; u32 nsec}), dev major/minor at 136/140. 256 bytes in all.
            Span<byte> buffer = stackalloc byte[256];
            try
            {
                unsafe
                {
                    fixed (byte* b = buffer)
                        if (statx(AtFdCwd, path, 0, StatxBasicStats, b) != 0) return null;
                }
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                return null;
            }
            var ino = BitConverter.ToUInt64(buffer[32..]);
            var size = BitConverter.ToUInt64(buffer[40..]);
            var (ctimeSec, ctimeNs) = (BitConverter.ToInt64(buffer[96..]), BitConverter.ToUInt32(buffer[104..]));
            var (mtimeSec, mtimeNs) = (BitConverter.ToInt64(buffer[112..]), BitConverter.ToUInt32(buffer[120..]));
            var (major, minor) = (BitConverter.ToUInt32(buffer[136..]), BitConverter.ToUInt32(buffer[140..]));
            var latest = Math.Max(ctimeSec, mtimeSec);
            return ($"{major}:{minor} {ino} {size} {mtimeSec}.{mtimeNs:D9} {ctimeSec}.{ctimeNs:D9}", DateTimeOffset.FromUnixTimeSeconds(latest));
        }

        [DllImport("libc", SetLastError = true)]
        private static extern unsafe int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte* buffer);
    }
}

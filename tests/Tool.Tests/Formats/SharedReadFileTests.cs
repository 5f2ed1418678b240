using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// <see cref="SharedReadFile"/>, the open detection's small head and the workers' plain read go through, must read what
/// .NET's handle reads and keep .NET's shared lock: a file another open holds with <c>FileShare.None</c> is refused as
/// .NET refuses it (same exception, same message, through the .NET path), and while it is open no one gets the file with
/// <c>FileShare.None</c>. A folder or a missing file fails as it failed before.
/// </summary>
public sealed class SharedReadFileTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static InputFile Input(string path) =>
        new(path, FormatRegistry.Find("codex")!, ReadOptions.Default) { Length = File.Exists(path) ? new FileInfo(path).Length : 0 };

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The whole file through <see cref="SharedReadFile"/>, in reads of <paramref name="step"/> bytes.</summary>
    private static byte[] ReadShared(string path, int step)
    {
        Assert.True(SharedReadFile.TryOpen(path, out var file), path);
        try
        {
            var bytes = new List<byte>();
            var buffer = new byte[step];
            int read;
            while ((read = file.Read(buffer, bytes.Count)) > 0) bytes.AddRange(buffer.AsSpan(0, read).ToArray());
            Assert.False(file.Failed, path);
            return bytes.ToArray();
        }
        finally
        {
            file.Dispose();
        }
    }

    [CorpusFact]
    public void Every_corpus_and_sample_file_reads_as_dotnet_reads_it()
    {
        var files = RepoPaths.CorpusAndSampleFiles();
        foreach (var path in files)
        {
            var expected = File.ReadAllBytes(path);
            Assert.Equal(expected, ReadShared(path, 1 << 16));
            Assert.Equal(expected, ReadShared(path, 4_093)); // reads that end inside the file
            if (FormatDetector.CompressionOf(path) != FormatDetector.Compression.None) continue;
            using var head = FormatDetector.ReadSmallHead(path)!;
            Assert.Equal(expected.Take(FormatDetector.SmallHeadBytes).ToArray(), head.Bytes.ToArray());
            Assert.Equal(expected.Length < FormatDetector.SmallHeadBytes, head.IsComplete);
        }
        Assert.True(files.Count > 50, $"only {files.Count} files");
    }

    [Fact]
    public void A_file_held_exclusively_is_refused_as_dotnet_refuses_it()
    {
        var path = Write("s.jsonl", "{\"type\":\"session_meta\"}\n"u8.ToArray());
        using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.False(SharedReadFile.TryOpen(path, out _));
            var dotnet = Assert.ThrowsAny<IOException>(() => File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read).Dispose());
            var plain = Assert.ThrowsAny<IOException>(() => WholeFile.ReadPlain(Input(path)));
            var head = Assert.ThrowsAny<IOException>(() => FormatDetector.ReadSmallHead(path));
            Assert.Equal(dotnet.GetType(), plain.GetType());
            Assert.Equal(dotnet.Message, plain.Message);
            Assert.Equal(dotnet.GetType(), head.GetType());
            Assert.Equal(dotnet.Message, head.Message);
        }
        Assert.NotNull(WholeFile.ReadPlain(Input(path))); // released: read as any file
    }

    [Fact]
    public void While_open_it_holds_the_shared_lock()
    {
        var path = Write("s.jsonl", "{}\n"u8.ToArray());
        Assert.True(SharedReadFile.TryOpen(path, out var file));
        try
        {
            Assert.ThrowsAny<IOException>(() => new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose());
            using (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read)) { } // readers share it
            Assert.True(SharedReadFile.TryOpen(path, out var second));
            second.Dispose();
        }
        finally
        {
            file.Dispose();
        }
        using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { } // closed: the lock is gone
    }

    [Fact]
    public void A_folder_or_a_missing_file_fails_as_before()
    {
        var folder = Path.Combine(_dir.Path, "folder.jsonl");
        Directory.CreateDirectory(folder);
        if (SharedReadFile.TryOpen(folder, out var opened))
        {
            Assert.Equal(0, opened.Read(new byte[16], 0));
            Assert.True(opened.Failed);
            opened.Dispose();
        }
        var missing = Path.Combine(_dir.Path, "missing.jsonl");
        Assert.False(SharedReadFile.TryOpen(missing, out _));
        foreach (var path in new[] { folder, missing })
        {
            var dotnet = Assert.ThrowsAny<Exception>(() => File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read).Dispose());
            var plain = Assert.ThrowsAny<Exception>(() => WholeFile.ReadPlain(Input(path)));
            var head = Assert.ThrowsAny<Exception>(() => FormatDetector.ReadSmallHead(path));
            Assert.Equal(dotnet.GetType(), plain.GetType());
            Assert.Equal(dotnet.Message, plain.Message);
            Assert.Equal(dotnet.GetType(), head.GetType());
            Assert.Equal(dotnet.Message, head.Message);
        }
    }

    [Fact]
    public void Paths_dotnet_must_judge_are_left_to_it()
    {
        Assert.False(SharedReadFile.TryOpen("", out _));
        Assert.False(SharedReadFile.TryOpen(Path.Combine(_dir.Path, "a\0b"), out _));
        Assert.False(SharedReadFile.TryOpen(Path.Combine(_dir.Path, new string('x', 5_000)), out _));
        var named = Write("naïve ünïcode.jsonl", "{}\n"u8.ToArray());
        Assert.Equal("{}\n"u8.ToArray(), ReadShared(named, 16));
    }
}

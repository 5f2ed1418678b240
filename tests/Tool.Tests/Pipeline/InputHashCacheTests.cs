using System.Security.Cryptography;
using System.Text.Json;
using TraceCurate.Pipeline;
using TraceCurate.Reading;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline;

/// <summary>
/// Remembered input hashes: reused only while the file is unchanged according to the file system, and the manifest
/// of a run that reused one is the manifest of a run that hashed.
/// </summary>
public sealed class InputHashCacheTests
{
    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [PlatformFact(linuxOnly: true)] // statx: elsewhere the cache is off, which the next test covers
    public void A_remembered_hash_is_returned_until_the_file_changes_even_with_the_same_size_and_modification_time()
    {
        using var temp = new TempFolder();
        var file = temp.Write("in.jsonl", "{\"a\": 1}\n");
        var cache = InputHashCache.At(temp.File("cache"), TimeSpan.Zero);

        Assert.Null(cache.TryGet(file));
        cache.Remember(file, Sha256(file));
        Assert.Equal(Sha256(file), cache.TryGet(file));

        var written = File.GetLastWriteTimeUtc(file);
        Thread.Sleep(50); // past the file system's clock tick, so the change time can move
        File.WriteAllText(file, "{\"a\": 2}\n");
        File.SetLastWriteTimeUtc(file, written); // same size, same mtime: only the change time tells

        Assert.Null(cache.TryGet(file));
    }

    [Fact]
    public void A_file_changed_just_now_is_not_remembered_and_a_disabled_cache_remembers_nothing()
    {
        using var temp = new TempFolder();
        var file = temp.Write("in.jsonl", "{\"a\": 1}\n");

        var settled = InputHashCache.At(temp.File("cache"));
        settled.Remember(file, Sha256(file)); // written a moment ago: its times are not trusted yet
        InputHashCache.Disabled.Remember(file, Sha256(file));

        Assert.Null(settled.TryGet(file));
        Assert.Null(InputHashCache.Disabled.TryGet(file));
    }

    [PlatformFact(linuxOnly: true)]
    public void A_run_with_a_remembered_hash_writes_the_same_manifest_entry_as_a_run_that_hashed() =>
        RemembersTheHashOf(temp => temp.Write("in/rows.jsonl", string.Join("\n", AgentTraceLines.Samples()) + "\n"));

    /// <summary>A session file is read whole on a worker (UnreadFiles), not by the producer: the cache counts the same there.</summary>
    [PlatformFact(linuxOnly: true)]
    public void A_session_file_read_whole_on_a_worker_uses_and_remembers_the_hash_as_a_line_file_does() =>
        RemembersTheHashOf(temp => temp.Write("in/rollout.jsonl",
            File.ReadAllBytes(Directory.GetFiles(RepoPaths.Samples("codex"), "*.jsonl").Order(StringComparer.Ordinal).First())));

    private static void RemembersTheHashOf(Func<TempFolder, string> write)
    {
        using var temp = new TempFolder();
        var input = write(temp);
        var recipe = temp.Write("r.yaml", $"name: r\ninputs: [{input.Replace('\\', '/')}]\noutputs:\n  - {{path: kept.jsonl, format: original}}\n");
        var cacheDir = temp.File("cache");
        var cache = InputHashCache.At(cacheDir, TimeSpan.Zero);

        RecipeJob.Run(recipe, new RunOptions { OutDir = temp.File("first"), InputHashes = cache });
        Assert.Single(Directory.GetFiles(cacheDir)); // the first run hashed and remembered
        File.WriteAllText(Directory.GetFiles(cacheDir)[0], new string('0', 64)); // a planted wrong hash proves the second run reads it
        RecipeJob.Run(recipe, new RunOptions { OutDir = temp.File("second"), InputHashes = cache });
        RecipeJob.Run(recipe, new RunOptions { OutDir = temp.File("third"), InputHashes = InputHashCache.Disabled });

        Assert.Equal(Sha256(input), InputSha(temp.File("first")));
        Assert.Equal(new string('0', 64), InputSha(temp.File("second")));
        Assert.Equal(Sha256(input), InputSha(temp.File("third")));
    }

    private static string InputSha(string outDir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "manifest.json")));
        return doc.RootElement.GetProperty("inputs")[0].GetProperty("sha256").GetString()!;
    }
}

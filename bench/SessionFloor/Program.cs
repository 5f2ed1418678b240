using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;

// The floor of reading a session folder in .NET: what any reader of it must at least do, timed by bench/sessions/run.sh
// beside trace-curate and the Python counters (PEERS=floor), so that a target can be set against what the machine allows.
//   read   - walk the folder (files in ordinal order, as the tool lists them) and read every .jsonl file whole;
//   tokens - the same, and System.Text.Json's Utf8JsonReader over every line to its last token: no object is built,
//            no string decoded, nothing counted but tokens and lines.
//   write  - tokens, and the least a run with an output must add: BYTES bytes (the size of the run's output) written
//            on the main thread, as the tool's single writer appends, to OUT.partial, hashed with SHA-256 as the manifest
//            hashes an output, and renamed to OUT when complete. The bytes written are the files' own bytes as they
//            are read (no record is rendered), so the row is reading, tokenizing and writing, with nothing of a model.
// Files are shared out to THREADS threads (default: every core), each taking the next file, as the tool's workers do.
// Prints {"files":…,"bytes":…,"lines":…,"tokens":…,"bad_lines":…} (write adds "sha256", of OUT): a line that is not
// JSON is counted, not fatal.
// usage: SessionFloor read|tokens FOLDER [THREADS] | SessionFloor write FOLDER OUT BYTES [THREADS]
var write = args.Length >= 4 && args[0] == "write";
if (!write && (args.Length < 2 || args[0] is not ("read" or "tokens")))
{
    Console.Error.WriteLine("usage: SessionFloor read|tokens FOLDER [THREADS] | SessionFloor write FOLDER OUT BYTES [THREADS]");
    return 2;
}
var tokens = args[0] is "tokens" or "write";
var rest = write ? 4 : 2;
var threads = args.Length > rest ? int.Parse(args[rest]) : Environment.ProcessorCount;
// The writer's queue: bounded, as the tool holds a few rendered batches at most.
var toWrite = write ? new BlockingCollection<byte[]>(boundedCapacity: 4 * threads) : null;
var files = Directory.EnumerateFiles(args[1], "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
var next = -1;
var totals = new Counts[threads];
var workers = new Thread[threads];
for (var t = 0; t < threads; t++)
{
    var slot = t;
    workers[t] = new Thread(() =>
    {
        var c = new Counts();
        for (var i = Interlocked.Increment(ref next); i < files.Length; i = Interlocked.Increment(ref next))
        {
            var bytes = File.ReadAllBytes(files[i]);
            c.Bytes += bytes.Length;
            if (tokens) Scan(bytes, ref c);
            toWrite?.Add(bytes);
        }
        totals[slot] = c;
    });
    workers[t].Start();
}
string? digest = null;
if (toWrite is not null)
{
    var finishing = new Thread(() =>
    {
        foreach (var w in workers) w.Join();
        toWrite.CompleteAdding();
    });
    finishing.Start();
    digest = Write(toWrite, args[2], long.Parse(args[3]));
}
foreach (var w in workers) w.Join();
var sum = new Counts();
foreach (var c in totals)
{
    sum.Bytes += c.Bytes;
    sum.Lines += c.Lines;
    sum.Tokens += c.Tokens;
    sum.BadLines += c.BadLines;
}
var written = digest is null ? "" : $",\"sha256\":\"{digest}\"";
Console.WriteLine($"{{\"files\":{files.Length},\"bytes\":{sum.Bytes},\"lines\":{sum.Lines},\"tokens\":{sum.Tokens},\"bad_lines\":{sum.BadLines}{written}}}");
return 0;

// Appends the queued buffers to OUT.partial until BYTES are written (the rest is drained, not written), hashing what
// is written, then renames it to OUT; answers the hash in hex.
static string Write(BlockingCollection<byte[]> queue, string path, long bytes)
{
    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    var partial = path + ".partial";
    using (var file = File.OpenHandle(partial, FileMode.Create, FileAccess.Write))
    {
        long offset = 0;
        foreach (var buffer in queue.GetConsumingEnumerable())
        {
            var take = (int)Math.Min(buffer.Length, bytes - offset);
            if (take <= 0) continue;
            RandomAccess.Write(file, buffer.AsSpan(0, take), offset);
            hash.AppendData(buffer, 0, take);
            offset += take;
        }
        if (offset < bytes) throw new InvalidOperationException($"the folder holds {offset} bytes, fewer than the {bytes} asked");
    }
    File.Move(partial, path, overwrite: true);
    return Convert.ToHexStringLower(hash.GetHashAndReset());
}

static void Scan(ReadOnlySpan<byte> file, ref Counts c)
{
    while (!file.IsEmpty)
    {
        var end = file.IndexOf((byte)'\n');
        var line = end < 0 ? file : file[..end];
        file = end < 0 ? default : file[(end + 1)..];
        if (line.Trim(" \t\r"u8).IsEmpty) continue;
        c.Lines++;
        var reader = new Utf8JsonReader(line);
        try
        {
            while (reader.Read()) c.Tokens++;
        }
        catch (JsonException)
        {
            c.BadLines++;
        }
    }
}

internal struct Counts
{
    public long Bytes, Lines, Tokens, BadLines;
}

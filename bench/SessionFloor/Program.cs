using System.Text.Json;

// The floor of reading a session folder in .NET: what any reader of it must at least do, timed by bench/sessions/run.sh
// beside trace-curate and the Python counters (PEERS=floor), so that a target can be set against what the machine allows.
//   read   - walk the folder (files in ordinal order, as the tool lists them) and read every .jsonl file whole;
//   tokens - the same, and System.Text.Json's Utf8JsonReader over every line to its last token: no object is built,
//            no string decoded, nothing counted but tokens and lines.
// Files are shared out to THREADS threads (default: every core), each taking the next file, as the tool's workers do.
// Prints {"files":…,"bytes":…,"lines":…,"tokens":…,"bad_lines":…}: a line that is not JSON is counted, not fatal.
// usage: SessionFloor read|tokens FOLDER [THREADS]
if (args.Length < 2 || args[0] is not ("read" or "tokens"))
{
    Console.Error.WriteLine("usage: SessionFloor read|tokens FOLDER [THREADS]");
    return 2;
}
var tokens = args[0] == "tokens";
var threads = args.Length > 2 ? int.Parse(args[2]) : Environment.ProcessorCount;
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
        }
        totals[slot] = c;
    });
    workers[t].Start();
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
Console.WriteLine($"{{\"files\":{files.Length},\"bytes\":{sum.Bytes},\"lines\":{sum.Lines},\"tokens\":{sum.Tokens},\"bad_lines\":{sum.BadLines}}}");
return 0;

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

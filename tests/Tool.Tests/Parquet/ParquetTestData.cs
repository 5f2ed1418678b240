using TraceCurate.Parquet;

namespace TraceCurate.Tests.Parquet;

/// <summary>
/// Deterministic trace-like rows covering every written type, nulls at different rates, empty
/// and null lists, null list elements, nested list&lt;struct&gt;, a struct, non-ASCII and
/// non-BMP text, long strings (statistics truncation), negative and pre-1970 values.
/// </summary>
internal static class ParquetTestData
{
    public static readonly ParquetSchema Schema = new([
        ParquetField.String("id", required: true),
        ParquetField.String("model"),
        ParquetField.Int64("turns"),
        ParquetField.Int32("tokens"),
        ParquetField.Double("score"),
        ParquetField.Boolean("success"),
        ParquetField.Timestamp("started"),
        ParquetField.Uuid("session"),
        ParquetField.String("text"),
        ParquetField.List("messages", ParquetField.Struct("item",
            ParquetField.String("role", required: true), ParquetField.String("text"), ParquetField.Int64("tokens"))),
        ParquetField.List("tags", ParquetField.String("element")),
        ParquetField.Struct("meta", ParquetField.String("source"), ParquetField.Double("rating")),
    ]);

    private static readonly string[] Models = ["gpt-4o", "claude-3-5-sonnet", "o1-mini", "llama-3.1-70b"];
    private static readonly string[] Texts = ["héllo ✓", "plain ascii", "emoji 🚀 outside the BMP", "quote \" and \\ backslash", "", "línea\nnueva"];

    public static List<object?[]> Rows(int count, int seed = 42)
    {
        var rng = new Random(seed);
        var rows = new List<object?[]>(count);
        var epoch = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < count; i++)
        {
            object? messages = (i % 7) switch
            {
                0 => null,
                1 => Array.Empty<object?>(),
                2 => new object?[] { null },
                _ => Enumerable.Range(0, 1 + rng.Next(4)).Select(k => (object?)new object?[]
                {
                    k % 2 == 0 ? "user" : "assistant",
                    rng.Next(5) == 0 ? null : $"{Texts[rng.Next(Texts.Length)]} #{i}.{k}",
                    rng.Next(4) == 0 ? null : (long)rng.Next(1, 5000),
                }).ToArray(),
            };
            object? tags = (i % 5) switch
            {
                0 => null,
                1 => Array.Empty<object?>(),
                _ => new object?[] { "a", i % 3 == 0 ? null : "b" + (i % 4), "long-tag-" + new string('x', i % 50) },
            };
            rows.Add([
                $"trace-{i:D6}",
                i % 9 == 0 ? null : Models[rng.Next(Models.Length)],
                i % 4 == 0 ? null : (long)rng.Next(-1000, 1000) * 1_000_000_007L,
                i % 6 == 0 ? null : rng.Next(int.MinValue, int.MaxValue),
                i % 5 == 0 ? null : i % 11 == 0 ? 0.0 : Math.Round(rng.NextDouble() * 2000 - 1000, 6),
                i % 3 == 0 ? null : rng.Next(2) == 0,
                i % 8 == 0 ? null : epoch.AddTicks((long)(rng.NextDouble() * 2 - 1.2) * TimeSpan.TicksPerDay * 20000 + rng.Next(0, 1_000_000) * 10L),
                i % 10 == 0 ? null : new Guid(rng.Next(), (short)rng.Next(), (short)rng.Next(), [.. Enumerable.Range(0, 8).Select(_ => (byte)rng.Next(256))]),
                i % 4 == 1 ? null : i % 13 == 0 ? string.Concat(Enumerable.Repeat("long transcript ✓ ", 20 + i % 30)) : Texts[rng.Next(Texts.Length)],
                messages,
                tags,
                i % 6 == 5 ? null : new object?[] { i % 2 == 0 ? "cli" : null, i % 3 == 0 ? null : rng.NextDouble() },
            ]);
        }
        return rows;
    }

    /// <summary>The remaining writable kinds, required and optional, with edge values.</summary>
    public static readonly ParquetSchema OtherTypesSchema = new([
        ParquetField.Float("f"), ParquetField.Date("d"), ParquetField.Binary("b"), ParquetField.Uuid("u"),
        ParquetField.Int32("i", required: true), ParquetField.Boolean("flag", required: true), ParquetField.Double("x", required: true),
    ]);

    public static List<object?[]> OtherTypesRows() =>
    [
        [1.5f, new DateOnly(2024, 2, 29), new byte[] { 0, 1, 0xFF }, "550E8400-E29B-41D4-A716-446655440000", int.MinValue, true, double.Epsilon],
        [null, null, null, null, int.MaxValue, false, -0.0],
        [-3.25e-20f, new DateOnly(1969, 12, 31), Array.Empty<byte>(), Guid.Empty, 0, true, 1e308],
        [float.MaxValue, new DateOnly(1, 1, 1), new byte[300], new Guid("00112233-4455-6677-8899-aabbccddeeff"), -1, false, -123.456],
    ];

    public static byte[] Write(IEnumerable<object?[]> rows, ParquetWriteOptions options, ParquetSchema? schema = null)
    {
        var ms = new MemoryStream();
        using (var writer = new ParquetFileWriter(ms, schema ?? Schema, options, leaveOpen: true))
            foreach (var row in rows) writer.WriteRow(row);
        return ms.ToArray();
    }

    public static List<ParquetRecord> Read(byte[] file)
    {
        using var reader = ParquetFileReader.Open(new MemoryStream(file));
        return reader.ReadRows().ToList();
    }
}

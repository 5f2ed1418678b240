using System.Buffers;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Steps.Redaction;

/// <summary>
/// Applies detectors to every text of a trace (output-formats §12.7): task, cwd, message texts and thinking, tool-call
/// arguments, action arguments, inputs and outputs, and metadata. JSON values are rewritten string by string, so
/// matching sees decoded text, never JSON escapes. The input record kept for <c>format: original</c> is rewritten
/// the same way (<see cref="RawRedactor"/>), so the original output cannot leak what the canonical trace no longer has.
/// With <paramref name="identities"/>, the user and host names the trace reveals (<see cref="IdentityFinder"/>) and
/// the recipe's <paramref name="names"/> run first, as kinds <c>user</c> and <c>host</c>.
/// </summary>
internal sealed class Redactor(IReadOnlyList<Detector> detectors, bool identities = false, IReadOnlyList<string>? names = null)
{
    /// <summary>
    /// Every detector's hints in one set, so a text that can match none of them (most texts) costs one vectorised
    /// scan instead of one per detector. Null when some detector (a user pattern, exact secrets) has no hints.
    /// </summary>
    private readonly SearchValues<string>? _anyHint = detectors.All(d => d.Hints.Count > 0)
        ? SearchValues.Create(detectors.SelectMany(d => d.Hints).Distinct().ToArray(), StringComparison.OrdinalIgnoreCase)
        : null;

    private readonly ThreadLocal<(TraceSource? From, TraceSource? To)> _lastSource = new();

    /// <summary>True when the trace's own user and host names are looked for (or the recipe lists names).</summary>
    public bool FindsIdentities => identities || names is { Count: > 0 };

    /// <summary>The kinds, in the order of the counts <see cref="Apply"/> fills: <c>user</c> and <c>host</c> first when identities are on.</summary>
    public IReadOnlyList<string> Kinds { get; } = (identities || names is { Count: > 0 } ? new[] { "user", "host" } : [])
        .Concat(detectors.Select(d => d.Kind)).ToList();

    public IReadOnlyList<Detector> Detectors => detectors;

    /// <summary>The names the recipe lists (<c>names:</c>), replaced as kind <c>user</c>.</summary>
    public IReadOnlyList<string> Names => names ?? [];

    /// <summary>The detectors for one trace: its identity detectors (when on), then the fixed ones.</summary>
    internal IReadOnlyList<Detector> For(Trace t)
    {
        if (!FindsIdentities) return detectors;
        var users = new SortedSet<string>(StringComparer.Ordinal);
        var hosts = new SortedSet<string>(StringComparer.Ordinal);
        if (identities)
        {
            IdentityFinder.Collect(t.Source.Path, users, hosts);
            foreach (var (_, text) in TraceTexts.Each(t, includeRecord: true)) IdentityFinder.Collect(text, users, hosts);
        }
        foreach (var name in names ?? []) users.Add(name);
        hosts.ExceptWith(users); // a name seen as both is redacted once, as a user
        return [new LiteralDetector("user", users, wordBounded: true), new LiteralDetector("host", hosts, wordBounded: true), .. detectors];
    }

    /// <summary>
    /// The redacted trace (the same instance when nothing matched); <paramref name="counts"/> per kind of <see cref="Kinds"/>;
    /// <paramref name="findings"/>, when given, per field path.
    /// </summary>
    public Trace Apply(Trace t, int[] counts, RedactionFindings? findings = null)
    {
        var pass = new Pass(this, For(t), counts, findings);
        var redacted = t with
        {
            Task = pass.Text(t.Task, "task"),
            Cwd = pass.Text(t.Cwd, "cwd"),
            Messages = t.Messages.Select((m, i) => m with
            {
                Text = pass.Text(m.Text, "messages", i, "text"),
                Thinking = pass.Text(m.Thinking, "messages", i, "thinking"),
                ToolCalls = m.ToolCalls.Select((c, j) => c with { Arguments = pass.Json(c.Arguments, $"messages[{i}].tool_calls[{j}].arguments") }).ToList(),
            }).ToList(),
            Actions = t.Actions.Select((a, i) => a with
            {
                Arguments = pass.Json(a.Arguments, $"actions[{i}].arguments"),
                Input = pass.Text(a.Input, "actions", i, "input"),
                Output = pass.Text(a.Output, "actions", i, "output"),
            }).ToList(),
            Metadata = pass.Json(t.Metadata, "metadata"),
        };
        var source = RedactedSource(t.Source, pass);
        if (!ReferenceEquals(source, t.Source)) redacted = redacted with { Source = source };
        return counts.Any(c => c > 0) || !ReferenceEquals(source, t.Source) ? redacted : t;
    }

    /// <summary>
    /// The record's redacted copy. The traces of one record (branches, sub-agents) are judged one after another on one
    /// thread; they get the same copy, so <c>format: original</c>, which writes a shared record once, still does.
    /// </summary>
    private TraceSource RedactedSource(TraceSource source, Pass pass)
    {
        if (source.Raw.IsEmpty) return source;
        var (from, to) = _lastSource.Value;
        if (ReferenceEquals(from, source)) return to!;
        var raw = new RawRedactor(pass.ForRecord()).Record(source.Raw, source.WholeFile);
        var result = raw is null ? source : source with { Raw = raw };
        _lastSource.Value = (source, result);
        return result;
    }

    /// <summary>The first text of the trace (and of its record) that some detector still matches: its field path and kind.</summary>
    public (string Path, string Kind)? FirstFinding(Trace t)
    {
        var all = For(t);
        foreach (var (path, text) in TraceTexts.Each(t, includeRecord: true))
        {
            var may = MayMatch(text);
            for (var i = 0; i < all.Count; i++)
                if ((may || all[i] is LiteralDetector) && all[i].IsMatch(text)) return (path, all[i].Kind);
        }
        return null;
    }

    /// <summary>One text redacted by the fixed detectors (no identities): for tests and measurements.</summary>
    public string Text(string text) => new Pass(this, detectors, new int[detectors.Count], null).Text(text, "text") ?? text;

    private bool MayMatch(string text) => _anyHint is null || text.AsSpan().IndexOfAny(_anyHint) >= 0;

    /// <summary>One trace's redaction: its detectors, the counts and the findings to add to.</summary>
    internal sealed class Pass(Redactor owner, IReadOnlyList<Detector> all, int[] counts, RedactionFindings? findings)
    {
        public int[] Counts => counts;

        /// <summary>The same detectors and findings with counts of their own: the record's replacements repeat the trace's and are not counted twice.</summary>
        public Pass ForRecord() => new(owner, all, new int[counts.Length], findings);

        /// <summary>A part left out whole (a signed thinking block whose text changed).</summary>
        public void Dropped(string path, string kind) => findings?.Add(path, kind, 1);

        public string? Text(string? text, string head, int index = -1, string? tail = null)
        {
            if (string.IsNullOrEmpty(text)) return text;
            var may = owner.MayMatch(text);
            for (var i = 0; i < all.Count; i++)
            {
                if (!may && all[i] is not LiteralDetector) continue;
                var before = counts[i];
                text = all[i].Apply(text, ref counts[i]);
                if (findings is not null && counts[i] > before)
                    findings.Add(index < 0 ? (tail is null ? head : head + "." + tail) : $"{head}[{index}]" + (tail is null ? "" : "." + tail), all[i].Kind, counts[i] - before);
            }
            return text;
        }

        public bool AnyMatch(string text)
        {
            var may = owner.MayMatch(text);
            for (var i = 0; i < all.Count; i++)
                if ((may || all[i] is LiteralDetector) && all[i].IsMatch(text)) return true;
            return false;
        }

        public JsonElement? Json(JsonElement? value, string path)
        {
            if (value is not { } v || !AnyMatch(v)) return value;
            var before = counts.Sum();
            var rewritten = Rewrite(v, path);
            return counts.Sum() == before ? value : rewritten;
        }

        public bool AnyMatch(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } text && AnyMatch(text),
            JsonValueKind.Object => value.EnumerateObject().Any(p => AnyMatch(p.Value)),
            JsonValueKind.Array => value.EnumerateArray().Any(AnyMatch),
            _ => false,
        };

        private JsonElement Rewrite(JsonElement value, string path)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = TraceJsonWriter.Options.Encoder }))
                new JsonRewriter(this).Write(w, value, path);
            using var doc = JsonDocument.Parse(buffer.ToArray(), Formats.Json.Rebuilt);
            return doc.RootElement.Clone();
        }
    }
}

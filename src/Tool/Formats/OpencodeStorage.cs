using System.Text.Json;
using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>
/// Where the files of one opencode session are (input-formats-2 §6). A session is a work unit of several files: its
/// session file is the input that yields the trace, and its message and part files (its companions) are read with it.
/// Two layouts: opencode's JSON storage (<c>&lt;root&gt;/session/&lt;projectID&gt;/&lt;sessionID&gt;.json</c>,
/// <c>&lt;root&gt;/message/&lt;sessionID&gt;/*.json</c>, <c>&lt;root&gt;/part/&lt;messageID&gt;/*.json</c>), and a flat
/// folder where session, message and part files lie side by side (exports and fixtures), matched by <c>sessionID</c>.
/// </summary>
internal static class OpencodeStorage
{
    public enum RecordKind { None, Session, Message, Part }

    /// <summary>The kind of an opencode storage record, from its keys (§6 sniffing rule); None for anything else.</summary>
    public static RecordKind KindOf(JsonElement e)
    {
        if (!SniffFields.Is(e, "id", JsonValueKind.String)) return RecordKind.None;
        if (SniffFields.Is(e, "sessionID", JsonValueKind.String) && SniffFields.Is(e, "messageID", JsonValueKind.String)
            && SniffFields.Is(e, "type", JsonValueKind.String)) return RecordKind.Part;
        var created = SniffFields.Object(e, "time") is { } time && SniffFields.Is(time, "created", JsonValueKind.Number);
        if (created && SniffFields.Is(e, "sessionID", JsonValueKind.String) && SniffFields.IsOneOf(e, "role", "user", "assistant")) return RecordKind.Message;
        if (created && SniffFields.Is(e, "projectID", JsonValueKind.String) && SniffFields.Is(e, "directory", JsonValueKind.String)) return RecordKind.Session;
        return RecordKind.None;
    }

    /// <summary>The storage root of a file in the JSON storage layout (<c>&lt;root&gt;/{session,message,part}/&lt;folder&gt;/&lt;id&gt;.json</c>), or null.</summary>
    public static string? StorageRoot(string path, string folder)
    {
        var parent = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(path)));
        return parent is not null && Path.GetFileName(parent) == folder ? Path.GetDirectoryName(parent) : null;
    }

    /// <summary>
    /// The companion files of a session, each parsed: in the JSON storage, its message folder and each message's part
    /// folder; in a flat folder, the sibling files that are its messages and parts. Files in name order; a file that does
    /// not parse is returned with its error, so the session names it instead of losing it silently.
    /// </summary>
    public static List<(string Path, JsonDocument? Document, string? Error)> Companions(string sessionPath, string sessionId)
    {
        var result = new List<(string, JsonDocument?, string?)>();
        if (StorageRoot(sessionPath, "session") is { } root)
        {
            if (!IsFileName(sessionId)) return [(sessionPath, null, $"the session id '{sessionId}' is not a file name, so its message folder is not looked for")];
            var messages = Files(Path.Combine(root, "message", sessionId)).Select(Load).ToList();
            result.AddRange(messages);
            foreach (var (path, document, _) in messages)
            {
                if (document is null || !SniffFields.Is(document.RootElement, "id", JsonValueKind.String)) continue;
                var id = document.RootElement.GetProperty("id").GetString()!;
                if (IsFileName(id)) result.AddRange(Files(Path.Combine(root, "part", id)).Select(Load));
                else result.Add((path, null, $"the message id '{id}' is not a file name, so its part folder is not looked for"));
            }
            return result;
        }
        foreach (var file in Files(Path.GetDirectoryName(Path.GetFullPath(sessionPath))!))
        {
            if (string.Equals(file, Path.GetFullPath(sessionPath), StringComparison.Ordinal)) continue;
            var loaded = Load(file);
            if (loaded.Document is { } d && KindOf(d.RootElement) is RecordKind.Message or RecordKind.Part
                && SniffFields.Is(d.RootElement, "sessionID", JsonValueKind.String) && d.RootElement.GetProperty("sessionID").ValueEquals(sessionId))
                result.Add(loaded);
            else loaded.Document?.Dispose(); // another session's file, or not opencode: not this session's
        }
        return result;
    }

    /// <summary>
    /// Whether an id can name a file or folder of the storage: ids come from the files, and one holding a path separator
    /// or <c>..</c> would make the reader look outside the storage.
    /// </summary>
    private static bool IsFileName(string id) => id.Length > 0 && id != "." && id != ".." && id.IndexOfAny(['/', '\\', '\0']) < 0;

    /// <summary>The session file a message or part file is read with, or null when it is not found.</summary>
    public static string? SessionFileOf(string companionPath, string sessionId)
    {
        if (!IsFileName(sessionId)) return null;
        var root = StorageRoot(companionPath, "message") ?? StorageRoot(companionPath, "part");
        if (root is not null)
        {
            var sessions = Path.Combine(root, "session");
            if (!Directory.Exists(sessions)) return null;
            return Directory.EnumerateDirectories(sessions).Order(StringComparer.Ordinal)
                .Select(project => Path.Combine(project, sessionId + ".json")).FirstOrDefault(File.Exists);
        }
        foreach (var file in Files(Path.GetDirectoryName(Path.GetFullPath(companionPath))!))
        {
            var (_, document, _) = Load(file);
            using (document)
                if (document is not null && KindOf(document.RootElement) == RecordKind.Session && document.RootElement.GetProperty("id").ValueEquals(sessionId))
                    return file;
        }
        return null;
    }

    /// <summary>
    /// Files of an opencode JSON storage that are not part of any session's conversation: project records, todo lists,
    /// permissions, shares and diffs (<c>&lt;root&gt;/{project,todo,permission,session_share,session_diff}/</c>, where the
    /// root also holds <c>session/</c> and <c>message/</c>). A folder input leaves them out (docs/formats/opencode.md).
    /// </summary>
    public static bool IsSideFile(string path)
    {
        var full = Path.GetFullPath(path);
        // A side file's folder or the one above it is named for its kind: any other file (nearly all of a folder of
        // thousands of sessions) is told from its path's names alone, without the paths and look-ups below.
        var parent = Path.GetDirectoryName(full.AsSpan());
        if (!IsSideFolderName(Path.GetFileName(parent)) && !IsSideFolderName(Path.GetFileName(Path.GetDirectoryName(parent)))) return false;
        foreach (var side in SideFolders)
        {
            var root = StorageRoot(full, side) ?? (Path.GetFileName(Path.GetDirectoryName(full)) == side ? Path.GetDirectoryName(Path.GetDirectoryName(full)) : null);
            if (root is not null && Directory.Exists(Path.Combine(root, "session")) && Directory.Exists(Path.Combine(root, "message"))) return true;
        }
        return false;
    }

    private static readonly string[] SideFolders = ["project", "todo", "permission", "session_share", "session_diff"];

    private static bool IsSideFolderName(ReadOnlySpan<char> name)
    {
        foreach (var side in SideFolders)
            if (name.SequenceEqual(side)) return true;
        return false;
    }

    /// <summary>
    /// Checks that every opencode message or part file among the inputs is read, i.e. that its session file is an input
    /// too: a companion's own read yields nothing, so a companion without its session would be lost without a word.
    /// </summary>
    public static void CheckSessionsRead(IReadOnlyList<InputFile> inputs)
    {
        var files = inputs.Where(i => i.Reader is OpencodeReader && !i.IsStream).ToList();
        if (files.Count == 0) return;
        // Each file parsed once: the sessions read (by id, with the folder their companions are looked for in), then
        // each companion checked against them; only an error looks further on disk.
        var records = new List<(string Path, RecordKind Kind, string Id, string? SessionId)>();
        foreach (var input in files)
        {
            var (_, document, _) = Load(input.Path);
            using (document)
            {
                if (document is null) continue;
                var kind = KindOf(document.RootElement);
                if (kind == RecordKind.None) continue;
                var root = document.RootElement;
                records.Add((Path.GetFullPath(input.Path), kind, root.GetProperty("id").GetString()!,
                    kind == RecordKind.Session ? null : root.GetProperty("sessionID").GetString()));
            }
        }
        var sessions = records.Where(r => r.Kind == RecordKind.Session).Select(r => (r.Id, Home: Home(r.Path, "session"))).ToHashSet();
        foreach (var (path, kind, _, sessionId) in records)
        {
            if (kind == RecordKind.Session) continue;
            var home = Home(path, "message") ?? Home(path, "part") ?? Path.GetDirectoryName(path)!;
            if (sessions.Contains((sessionId!, home))) continue;
            var noun = kind == RecordKind.Part ? "part" : "message";
            var session = SessionFileOf(path, sessionId!);
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.InputNotFound, session is null
                ? $"this opencode {noun} file belongs to session '{sessionId}', whose session file is not found next to it (nor in <storage>/session/*/); an opencode session is read from its session file with its message and part files"
                : $"this opencode {noun} file is read with its session file {session}, which is not an input: add it, or name the storage folder",
                path, 1)); // line 1: the file is one record
        }
    }

    /// <summary>Where a session's companions are looked for: its storage root, or for a flat folder, that folder.</summary>
    private static string? Home(string path, string folder) =>
        StorageRoot(path, folder) ?? (folder == "session" ? Path.GetDirectoryName(path) : null);

    private static IEnumerable<string> Files(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal) : [];

    private static (string Path, JsonDocument? Document, string? Error) Load(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            // Checked here, not on first use: a string that is not UTF-8 would fail when it is read, anywhere later.
            if (!System.Text.Unicode.Utf8.IsValid(bytes)) return (path, null, "the file is not valid UTF-8 text");
            return (path, JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = ReadLimits.MaxDepth }), null);
        }
        catch (JsonException e)
        {
            return (path, null, $"invalid JSON: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (path, null, $"cannot read the file: {e.Message}");
        }
    }
}

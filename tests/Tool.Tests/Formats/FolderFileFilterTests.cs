using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The per-file filters of a folder input (opencode's side files, Claude Code's sub-agent meta files) decide from the
/// path's names before any look at the disk; the answers must be those of the full checks they short-cut, written out
/// here as they were, on every file of a folder holding each layout.
/// </summary>
public sealed class FolderFileFilterTests
{
    [Fact]
    public void Opencode_side_files_are_told_as_by_the_full_check()
    {
        using var dir = new TempFolder();
        var storage = Path.Combine(dir.Path, "storage");
        foreach (var folder in new[] { "session/p1", "message/s1", "part/m1", "project", "todo", "permission", "session_share", "session_diff/x" })
            dir.Write(Path.Combine("storage", folder, "a.json"), "{}");
        // Side folders' names where there is no storage beside them, nested deeper, and a lookalike name.
        foreach (var folder in new[] { "loose/project", "loose/todo/deeper", "other/session/todo", "projects", "todo2/x" })
            dir.Write(Path.Combine(folder, "b.json"), "{}");
        var files = Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories).ToList();
        Assert.True(files.Count > 12);
        Assert.Contains(files, OpencodeStorage.IsSideFile);
        Assert.Contains(files, f => !OpencodeStorage.IsSideFile(f));
        foreach (var path in files) Assert.True(FullCheck(path) == OpencodeStorage.IsSideFile(path), path);
        Assert.True(OpencodeStorage.IsSideFile(Path.Combine(storage, "project", "a.json")));
        Assert.False(OpencodeStorage.IsSideFile(Path.Combine(storage, "session", "p1", "a.json")));
    }

    [Fact]
    public void A_sub_agent_meta_file_is_a_companion_only_beside_its_session()
    {
        using var dir = new TempFolder();
        var session = dir.Write("subagents/agent-a1.jsonl", "{}\n");
        var meta = dir.Write("subagents/agent-a1.meta.json", "{}");
        var lone = dir.Write("subagents/agent-a2.meta.json", "{}");
        var other = dir.Write("subagents/notes.meta.json", "{}");
        Assert.True(ClaudeCodeSubagentFiles.IsCompanion(meta));
        Assert.False(ClaudeCodeSubagentFiles.IsCompanion(lone));
        Assert.False(ClaudeCodeSubagentFiles.IsCompanion(other));
        Assert.False(ClaudeCodeSubagentFiles.IsCompanion(session));
    }

    /// <summary>The check as written before the short cut: every side folder's storage root looked for on disk.</summary>
    private static bool FullCheck(string path)
    {
        var full = Path.GetFullPath(path);
        foreach (var side in new[] { "project", "todo", "permission", "session_share", "session_diff" })
        {
            var root = OpencodeStorage.StorageRoot(full, side) ?? (Path.GetFileName(Path.GetDirectoryName(full)) == side ? Path.GetDirectoryName(Path.GetDirectoryName(full)) : null);
            if (root is not null && Directory.Exists(Path.Combine(root, "session")) && Directory.Exists(Path.Combine(root, "message"))) return true;
        }
        return false;
    }
}

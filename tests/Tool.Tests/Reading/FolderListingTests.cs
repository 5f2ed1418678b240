using System.Runtime.InteropServices;
using TraceCurate.Formats;
using TraceCurate.Reading;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Reading;

/// <summary>
/// A folder listed for a walk (<see cref="FolderListing"/>, which on Linux reads the folder with opendir and looks each
/// entry up in it) gives what .NET's listing and a look-up of each whole path give (computed here with
/// <see cref="Directory.EnumerateFileSystemEntries(string)"/> and <see cref="FileNode.Of"/>): the same paths in the same
/// order, each the same kind, size and identity, for files, folders, hidden entries, links to files and folders, a broken
/// link, a FIFO and names beyond ASCII. And <see cref="FullPath.Of"/> is <see cref="Path.GetFullPath(string)"/>.
/// </summary>
public sealed class FolderListingTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [DllImport("libc", SetLastError = true)]
    private static extern int mkfifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    private string Folder()
    {
        _dir.Write("f/b.jsonl", "{}\n");
        _dir.Write("f/a.jsonl", "{\"a\":1}\n");
        _dir.Write("f/.hidden.jsonl", "{}\n");
        _dir.Write("f/sub/c.jsonl", "{}\n");
        _dir.Write("f/.hidden-folder/d.jsonl", "{}\n");
        _dir.Write("f/Été ✓.jsonl", "{}\n");
        _dir.Write("f/Z.jsonl", "{}\n");
        File.CreateSymbolicLink(_dir.File("f/link-to-file.jsonl"), _dir.File("f/a.jsonl"));
        File.CreateSymbolicLink(_dir.File("f/link-to-folder"), _dir.File("f/sub"));
        File.CreateSymbolicLink(_dir.File("f/broken.jsonl"), _dir.File("f/nowhere.jsonl"));
        if (OperatingSystem.IsLinux()) Assert.Equal(0, mkfifo(_dir.File("f/pipe"), Convert.ToUInt32("644", 8)));
        return _dir.File("f");
    }

    private static List<(string Path, FileNode Node)> Expected(string folder, bool includeHidden) =>
        Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal)
            .Where(p => includeHidden || !Path.GetFileName(p).StartsWith('.'))
            .Select(p => (p, FileNode.Of(p))).ToList();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_folder_lists_as_dotnet_lists_it_with_each_entry_what_its_whole_path_names(bool includeHidden)
    {
        var folder = Folder();

        var listed = FolderListing.Of(folder, includeHidden);

        var expected = Expected(folder, includeHidden);
        Assert.Equal(expected.Select(e => e.Path), listed.Select(e => e.Path));
        Assert.Equal(expected.Select(e => (e.Node.Kind, e.Node.Length, e.Node.Identity)), listed.Select(e => (e.Node.Kind, e.Node.Length, e.Node.Identity)));
        // What the fixture holds, so that the comparison covers each case.
        var kinds = listed.ToDictionary(e => Path.GetFileName(e.Path), e => e.Node.Kind);
        Assert.Equal(FileKind.Regular, kinds["link-to-file.jsonl"]);
        Assert.Equal(FileKind.Directory, kinds["link-to-folder"]);
        Assert.Equal(FileKind.Missing, kinds["broken.jsonl"]);
        Assert.Equal(FileKind.Regular, kinds["Été ✓.jsonl"]);
        if (OperatingSystem.IsLinux()) Assert.Equal(FileKind.Stream, kinds["pipe"]);
        Assert.Equal(includeHidden, kinds.ContainsKey(".hidden.jsonl"));
        Assert.Equal(8, listed.Single(e => e.Path.EndsWith("/a.jsonl", StringComparison.Ordinal)).Node.Length);
        // A link to a folder is that folder, by identity, as the walk needs to enter each folder once.
        Assert.Equal(kinds.Count, listed.Count);
        Assert.Equal(listed.Single(e => e.Path.EndsWith("/sub", StringComparison.Ordinal)).Node.Identity,
            listed.Single(e => e.Path.EndsWith("/link-to-folder", StringComparison.Ordinal)).Node.Identity);
    }

    [Fact]
    public void A_folder_named_with_a_trailing_separator_lists_the_same_paths()
    {
        var folder = Folder();
        Assert.Equal(Expected(folder + "/", includeHidden: false).Select(e => e.Path), FolderListing.Of(folder + "/", includeHidden: false).Select(e => e.Path));
    }

    [Theory]
    [InlineData("/a/b/c.jsonl")]
    [InlineData("/a/./b/c.jsonl")]
    [InlineData("/a/../b/c.jsonl")]
    [InlineData("/a//b/c.jsonl")]
    [InlineData("/a/b/.")]
    [InlineData("/a/b/..")]
    [InlineData("/a/b/")]
    [InlineData("/a/.b/c..jsonl")]
    [InlineData("a/b.jsonl")]
    [InlineData("./a.jsonl")]
    public void A_path_made_full_is_the_path_dotnet_makes_full(string path)
    {
        Assert.Equal(Path.GetFullPath(path), FullPath.Of(path));
    }
}

namespace DeepScan.Workflow.Storage;

/// <summary>The filesystem store's layout: one folder per container under the root, files by validated name.</summary>
internal sealed class FileSystemFolders(string rootPath)
{
    private readonly string _root = Path.GetFullPath(rootPath);

    public string Root => _root;

    /// <summary>The absolute path of a validated <paramref name="name"/> inside <paramref name="container"/>.</summary>
    /// <remarks>Names are validated before they get here; the prefix check is a second wall against
    /// traversal.</remarks>
    public string FileIn(string container, string name)
    {
        var folder = Path.Combine(_root, container) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(folder, name));
        if (!path.StartsWith(folder, StringComparison.Ordinal))
        {
            throw new InvalidBlobNameException(name, "it points outside its container");
        }

        return path;
    }
}

namespace DeepScan.Cli;

/// <summary>Checks, before any scanning, that the files a command was asked to write can be written: a scan or an
/// evaluation that runs for minutes should not end in an error about where its result goes.</summary>
internal static class OutputPaths
{
    /// <summary>Why <paramref name="file"/> (given with <paramref name="option"/>) cannot be written, or null when it
    /// can: its folder must exist and take a new file, and it must not be a folder itself. Nothing is left behind.
    /// </summary>
    public static string? WhyUnwritable(FileInfo? file, string option)
    {
        if (file is null)
        {
            return null;
        }

        if (Directory.Exists(file.FullName))
        {
            return $"{option} {file.FullName}: that is a folder; give a file name.";
        }

        return WhyNoNewFile(file.Directory, option, file.FullName);
    }

    /// <summary>Why writing <paramref name="outputs"/> would overwrite one of the command's <paramref name="inputs"/>
    /// or another output (the same file, through links too), or null when none would.</summary>
    public static string? WhyClashing(IEnumerable<FileInfo?> inputs, params (FileInfo? File, string Option)[] outputs)
    {
        var given = outputs.Where(o => o.File is not null).Select(o => (Path: Identity(o.File!), o.Option)).ToList();
        foreach (var input in inputs.OfType<FileInfo>())
        {
            if (given.FirstOrDefault(o => o.Path == Identity(input)) is { Option: { } option })
            {
                return $"{option} {input.FullName}: that is an input of this command; give another file.";
            }
        }

        return given.GroupBy(o => o.Path).FirstOrDefault(g => g.Count() > 1) is { } same
            ? $"{string.Join(" and ", same.Select(o => o.Option))} name the same file, {same.Key}; give each its own."
            : null;
    }

    /// <summary>Why files cannot be written into <paramref name="folder"/> (given with <paramref name="option"/>,
    /// created when it does not exist), or null when they can.</summary>
    public static string? WhyUnwritableFolder(DirectoryInfo folder, string option)
    {
        if (File.Exists(folder.FullName))
        {
            return $"{option} {folder.FullName}: that is a file; give a folder.";
        }

        try
        {
            Directory.CreateDirectory(folder.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{option} {folder.FullName}: the folder cannot be created ({ex.Message}).";
        }

        return WhyNoNewFile(folder, option, folder.FullName);
    }

    /// <summary>The file a path stands for: the final target of a link, else the full path.</summary>
    private static string Identity(FileInfo file)
    {
        try
        {
            return file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file.FullName;
        }
        catch (IOException)
        {
            return file.FullName; // a loop of links: nothing can be written through it anyway
        }
    }

    private static string? WhyNoNewFile(DirectoryInfo? folder, string option, string given)
    {
        if (folder is null || !folder.Exists)
        {
            return $"{option} {given}: the folder {folder?.FullName} does not exist.";
        }

        try
        {
            // A file of our own, deleted on close: the only sure test of permissions, read-only mounts and quotas.
            using var probe = new FileStream(
                Path.Combine(folder.FullName, $".deepscan-write-test-{Guid.NewGuid():N}"),
                FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{option} {given}: nothing can be written in {folder.FullName} ({ex.Message}).";
        }
    }
}

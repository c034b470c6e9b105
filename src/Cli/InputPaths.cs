namespace DeepScan.Cli;

/// <summary>Checks, before any work, that a file a command was given can be read, so that a missing, dangling,
/// looping or unreadable one ends in one line (exit 2) rather than a stack trace.</summary>
internal static class InputPaths
{
    /// <summary>Why <paramref name="file"/> cannot be read as an input file, or null when it can: a folder, nothing
    /// there (a link to nothing included), or a file that cannot be opened (its permissions, a loop of links).</summary>
    public static string? WhyUnreadable(FileInfo file)
    {
        if (Directory.Exists(file.FullName))
        {
            return $"{file.FullName}: that is a folder; give a file (deepscan crops takes a folder, deepscan eval a "
                + "labels file).";
        }

        try
        {
            file.Refresh();
            if (file.Exists && file.Length == 0)
            {
                // Not opened: a FIFO would block until something writes to it. An empty file, a pipe or a device is
                // reported as empty by the probe.
                return null;
            }

            using var _ = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            return null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return $"{file.FullName}: file not found.";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{file.FullName}: the file cannot be read ({ex.Message}).";
        }
    }
}

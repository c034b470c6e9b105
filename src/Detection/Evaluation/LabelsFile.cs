namespace DeepScan.Detection.Evaluation;

/// <summary>One labelled item of an evaluation set: a video or a face crop.</summary>
/// <param name="Path">Absolute path, resolved against the labels file's folder.</param>
/// <param name="File">The path as written in the labels file.</param>
/// <param name="Line">The 1-based line in the labels file, for messages.</param>
/// <param name="Extra">The values of the file's other columns, in <see cref="LabelsTable.ExtraColumns"/> order
/// (empty when the file has none; a short line's missing values are empty strings).</param>
public sealed record LabelledItem(string File, string Path, bool IsFake, int Line, string[]? Extra = null);

/// <summary>A labels file's items and the names of its columns besides <c>file</c> and <c>label</c>.</summary>
public sealed record LabelsTable(IReadOnlyList<string> ExtraColumns, IReadOnlyList<LabelledItem> Items);

/// <summary>A labels file is unusable: the message names the line and what is wrong.</summary>
public sealed class LabelsFileException(string message) : Exception(message);

/// <summary>Reads a labels CSV with at least the columns <c>file</c> and <c>label</c> (REAL or FAKE).</summary>
public static class LabelsFile
{
    /// <exception cref="LabelsFileException">The file is missing, has no file or label column, or a bad line.</exception>
    public static IReadOnlyList<LabelledItem> Read(string path) => ReadTable(path).Items;

    /// <summary>As <see cref="Read"/>, keeping every other column's values (a split, a method) with each item.</summary>
    /// <exception cref="LabelsFileException">The file is missing, has no file or label column, or a bad line.</exception>
    public static LabelsTable ReadTable(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            throw new LabelsFileException($"Labels file '{path}' does not exist.");
        }

        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        using var reader = Open(path);
        var header = CsvLine.Split(reader.ReadLine() ?? throw new LabelsFileException($"Labels file '{path}' is empty."));
        var fileColumn = Column(header, "file", path);
        var labelColumn = Column(header, "label", path);
        var extraColumns = Enumerable.Range(0, header.Count).Where(i => i != fileColumn && i != labelColumn).ToArray();

        var items = new List<LabelledItem>();
        var listedOn = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = CsvLine.Split(line);
            if (fields.Count <= Math.Max(fileColumn, labelColumn))
            {
                throw new LabelsFileException($"{path}:{lineNumber}: expected {header.Count} columns, found {fields.Count}.");
            }

            var file = fields[fileColumn].Trim();
            if (file.Length == 0)
            {
                // Joined to the labels file's folder, an empty name would be the folder itself.
                throw new LabelsFileException($"{path}:{lineNumber}: the file column is empty.");
            }

            var label = fields[labelColumn].Trim();
            var isFake = label.ToUpperInvariant() switch
            {
                "FAKE" or "1" => true,
                "REAL" or "0" => false,
                _ => throw new LabelsFileException($"{path}:{lineNumber}: unknown label '{label}'; use REAL or FAKE."),
            };
            var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, file));
            if (!listedOn.TryAdd(full, lineNumber))
            {
                // Listed twice, its scores would count twice in every metric (or, labelled both ways, once each way).
                throw new LabelsFileException(
                    $"{path}:{lineNumber}: {file} is listed already, on line {listedOn[full]}; list each file once.");
            }

            var extra = extraColumns.Select(i => i < fields.Count ? fields[i].Trim() : "").ToArray();
            items.Add(new LabelledItem(file, full, isFake, lineNumber, extra));
        }

        return items.Count > 0
            ? new LabelsTable(extraColumns.Select(i => header[i].Trim()).ToArray(), items)
            : throw new LabelsFileException($"Labels file '{path}' lists no items.");
    }

    /// <exception cref="LabelsFileException">The file cannot be opened: its permissions, a loop of links.</exception>
    private static StreamReader Open(string path)
    {
        try
        {
            return new StreamReader(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LabelsFileException($"Labels file '{path}' cannot be read ({ex.Message}).");
        }
    }

    private static int Column(IReadOnlyList<string> header, string name, string path)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new LabelsFileException(
            $"{path}: the header has no '{name}' column (found: {string.Join(", ", header)}). Required: file,label.");
    }
}

/// <summary>Splits and joins one CSV line (RFC 4180 quoting, no embedded newlines).</summary>
public static class CsvLine
{
    /// <summary>One line of <paramref name="fields"/>, each quoted only when it holds a comma, a quote or a line
    /// break (a line break is kept inside the quotes, which <see cref="Split"/> does not read back).</summary>
    public static string Join(IEnumerable<string> fields) => string.Join(',', fields.Select(Quote));

    private static string Quote(string field) => field.AsSpan().IndexOfAny(",\"\r\n") < 0
        ? field
        : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public static IReadOnlyList<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}

using System.Text;

namespace DeepScan.Workflow.Storage;

/// <summary>Untrusted input as error messages show it: quoted, control characters escaped, long values cut.</summary>
internal static class QuotedInput
{
    private const int MaxShown = 80;

    public static string Of(string? value)
    {
        if (value is null)
        {
            return "(null)";
        }

        var text = new StringBuilder("'");
        foreach (var c in value.Length <= MaxShown ? value : value[..MaxShown])
        {
            text.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        }

        return text.Append(value.Length <= MaxShown ? "'" : "…'").ToString();
    }
}

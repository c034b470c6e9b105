using DeepScan.Detection.Evidence;
using OpenCvSharp;

namespace DeepScan.Detection.Tests.Evidence;

/// <summary>Checks bytes a host returned are the evidence sheet of a verdict, decoded with OpenCV.</summary>
/// <remarks>Linked into the Cli and Functions tests, which check their hosts' sheets with it.</remarks>
internal static class EvidenceSheetAssert
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A PNG of the size the verdict's faces give, whose every tile shows a thumbnail rather than the grey
    /// "no image" placeholder.</summary>
    public static void IsSheetOf(byte[] png, VerdictDocument verdict)
    {
        Assert.Equal(PngSignature, png.Take(PngSignature.Length));
        using var sheet = Cv2.ImDecode(png, ImreadModes.Color);
        Assert.False(sheet.Empty(), "OpenCV cannot decode the sheet.");
        Assert.Equal(EvidenceSheet.SizeFor(verdict), (sheet.Width, sheet.Height));
        var faces = verdict.Frames.Sum(f => f.Faces.Length);
        for (var tile = 0; tile < faces; tile++)
        {
            var x = tile % EvidenceSheet.MaxColumns * EvidenceSheet.TileWidth + (EvidenceSheet.TileWidth - 104) / 2 + 4;
            var y = EvidenceSheet.HeaderHeight + tile / EvidenceSheet.MaxColumns * EvidenceSheet.TileHeight + 8;
            using var area = sheet[new Rect(x, y, FaceThumbnail.MaxSide, FaceThumbnail.MaxSide)];
            using var placeholder = area.InRange(new Scalar(220, 220, 220), new Scalar(220, 220, 220));
            Assert.True(
                Cv2.CountNonZero(placeholder) < area.Total() / 2, $"tile {tile} has no thumbnail (grey placeholder)");
        }
    }
}

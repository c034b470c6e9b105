using System.Runtime.InteropServices;
using System.Text;

namespace DeepScan.Detection.Onnx.Native;

/// <summary>A native <c>const char* const*</c> array of null-terminated UTF-8 strings, freed on dispose.</summary>
internal sealed unsafe class Utf8StringArray : IDisposable
{
    private readonly int count;
    private byte** pointers;

    public Utf8StringArray(IReadOnlyList<string> strings)
    {
        count = strings.Count;
        // One extra slot so an empty array still has a non-null address.
        pointers = (byte**)NativeMemory.AllocZeroed((nuint)(count + 1), (nuint)sizeof(byte*));
        try
        {
            for (var i = 0; i < count; i++)
            {
                pointers[i] = ToNativeUtf8(strings[i]);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The array; valid until this object is disposed.</summary>
    public byte** Pointers => pointers;

    public void Dispose()
    {
        if (pointers is null)
        {
            return;
        }

        for (var i = 0; i < count; i++)
        {
            NativeMemory.Free(pointers[i]);
        }

        NativeMemory.Free(pointers);
        pointers = null;
    }

    private static byte* ToNativeUtf8(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = Encoding.UTF8.GetByteCount(value);
        var buffer = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(value, new Span<byte>(buffer, length));
        buffer[length] = 0;
        return buffer;
    }
}

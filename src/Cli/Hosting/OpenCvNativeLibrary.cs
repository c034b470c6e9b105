using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OpenCvSharp;

namespace DeepScan.Cli.Hosting;

/// <summary>Finds OpenCvSharp's native library beside the executable, where the native <c>deepscan</c> build keeps
/// it.</summary>
/// <remarks>OpenCvSharp asks for <c>DllImportSearchPath.LegacyBehavior</c>, under which a native AOT executable does
/// not look in its own folder, so every OpenCV call (evidence sheets, image files, the spectrum member) failed with a
/// <see cref="DllNotFoundException"/>. JIT builds ask this too; where the library is not in the base folder (they find
/// it through <c>deps.json</c>) it hands the search back to the runtime's default.</remarks>
internal static class OpenCvNativeLibrary
{
    private const string LibraryName = "OpenCvSharpExtern";

    // The runtime asks once per P/Invoke method (OpenCvSharp has hundreds); the file is looked for and loaded once.
    private static readonly Lazy<IntPtr> Beside = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, $"lib{LibraryName}.so");
        return File.Exists(path) ? NativeLibrary.Load(path) : IntPtr.Zero;
    });

    [ModuleInitializer]
    internal static void ResolveBesideTheExecutable() =>
        NativeLibrary.SetDllImportResolver(typeof(Mat).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == LibraryName ? Beside.Value : IntPtr.Zero;
}

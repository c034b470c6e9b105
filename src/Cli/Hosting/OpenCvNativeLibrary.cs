using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OpenCvSharp;

namespace DeepScan.Cli.Hosting;

/// <summary>Finds OpenCvSharp's native library beside the executable, where the native <c>deepscan</c> build keeps
/// it.</summary>
/// <remarks>OpenCvSharp asks for <c>DllImportSearchPath.LegacyBehavior</c>, under which a native AOT executable does
/// not look in its own folder, so every OpenCV call (evidence sheets, image files, the spectrum member) failed with a
/// <see cref="DllNotFoundException"/>. JIT builds find the library through <c>deps.json</c> and never reach this:
/// there the file is not in the base folder, and the default search runs as before.</remarks>
internal static class OpenCvNativeLibrary
{
    private const string LibraryName = "OpenCvSharpExtern";

    [ModuleInitializer]
    internal static void ResolveBesideTheExecutable() =>
        NativeLibrary.SetDllImportResolver(typeof(Mat).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, $"lib{LibraryName}.so");
        return name == LibraryName && File.Exists(beside) ? NativeLibrary.Load(beside) : IntPtr.Zero;
    }
}

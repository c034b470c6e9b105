using System.Runtime.InteropServices;
using DeepScan.Detection.Models;

namespace DeepScan.Detection.Onnx.Native;

/// <summary>The ONNX Runtime shared library at one path, loaded once per process, with its C API bound.</summary>
internal sealed unsafe class OrtLibrary
{
    private static readonly Dictionary<string, OrtLibrary> Loaded = new(StringComparer.Ordinal);

    private OrtLibrary(string path, string version, OrtApi api)
    {
        Path = path;
        Version = version;
        Api = api;
    }

    public string Path { get; }

    /// <summary>What <c>OrtApiBase::GetVersionString</c> reports, e.g. <c>1.30.0</c>.</summary>
    public string Version { get; }

    public OrtApi Api { get; }

    /// <exception cref="OnnxRuntimeException">The file is missing, not loadable, or too old.</exception>
    public static OrtLibrary Load(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(fullPath, out var library))
            {
                library = Bind(fullPath);
                Loaded.Add(fullPath, library);
            }

            return library;
        }
    }

    private static OrtLibrary Bind(string path)
    {
        if (!File.Exists(path))
        {
            throw new OnnxRuntimeException(
                OrtErrorCode.NoSuchFile,
                $"ONNX Runtime library not found at '{path}'. Run ./setup.sh to install it, "
                + $"or set {DeepScanPaths.OrtLibraryVariable} to a libonnxruntime.so.1.");
        }

        IntPtr handle;
        try
        {
            // Never unloaded: sessions and ONNX Runtime's own threads use the library until the process exits.
            handle = NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new OnnxRuntimeException(
                OrtErrorCode.Fail,
                $"Could not load the ONNX Runtime library '{path}': {e.Message} Run ./setup.sh to reinstall it.",
                e);
        }

        if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out var getApiBase))
        {
            throw new OnnxRuntimeException(
                OrtErrorCode.Fail,
                $"'{path}' is not ONNX Runtime: it does not export OrtGetApiBase. Run ./setup.sh to reinstall it.");
        }

        var apiBase = ((delegate* unmanaged<OrtApiBase*>)getApiBase)();
        var version = Marshal.PtrToStringUTF8((IntPtr)apiBase->GetVersionString()) ?? "(unknown version)";
        var table = apiBase->GetApi(OrtApi.Version);
        if (table is null)
        {
            throw new OnnxRuntimeException(
                OrtErrorCode.NotImplemented,
                $"ONNX Runtime {version} at '{path}' does not serve C API version {OrtApi.Version}; "
                + "deepscan needs ONNX Runtime 1.30 or later. Run ./setup.sh to install it.");
        }

        return new OrtLibrary(path, version, new OrtApi(table));
    }

    /// <summary><c>struct OrtApiBase</c>, the library's only export.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct OrtApiBase
    {
        // const OrtApi* GetApi(uint32_t version)
        public delegate* unmanaged<uint, void** /*(const OrtApi*)*/> GetApi;

        // const char* GetVersionString(void)
        public delegate* unmanaged<byte* /*(const char*)*/> GetVersionString;
    }
}

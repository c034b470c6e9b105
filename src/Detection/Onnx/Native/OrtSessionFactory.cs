using System.Text;

namespace DeepScan.Detection.Onnx.Native;

/// <summary>Creates an <c>OrtSession</c> on the preferred device, falling back to the CPU with a reason.</summary>
internal static unsafe class OrtSessionFactory
{
    /// <summary>A created session, the device it runs on, and why it is not on the preferred one.</summary>
    public readonly record struct Opened(OrtSessionHandle Session, ExecutionDevice Device, string? FallbackReason);

    /// <exception cref="OnnxRuntimeException">ONNX Runtime cannot load the model, even on the CPU.</exception>
    public static Opened Open(OrtApi api, OrtEnvHandle env, string modelPath, OnnxSessionOptions options)
    {
        string? fallbackReason = null;
        if (options.PreferredDevice == ExecutionDevice.Cuda)
        {
            // The library's provider list names CUDA even in CPU-only installs, so only ONNX Runtime's answer to
            // appending the provider (and then to creating the session with it) tells whether CUDA works.
            using var cudaOptions = CreateOptions(api, options);
            fallbackReason = TryAppendCuda(api, cudaOptions);
            if (fallbackReason is null)
            {
                try
                {
                    return new Opened(Create(api, env, modelPath, cudaOptions), ExecutionDevice.Cuda, null);
                }
                catch (OnnxRuntimeException e)
                {
                    fallbackReason = $"creating the session with CUDA failed: {e.Message}";
                }
            }
        }

        using var cpuOptions = CreateOptions(api, options);
        return new Opened(Create(api, env, modelPath, cpuOptions), ExecutionDevice.Cpu, fallbackReason);
    }

    private static OrtSessionOptionsHandle CreateOptions(OrtApi api, OnnxSessionOptions options)
    {
        IntPtr pointer;
        OrtStatus.VerifySuccess(api, api.CreateSessionOptions(&pointer));
        var handle = new OrtSessionOptionsHandle(api, pointer);
        try
        {
            if (options.IntraOpThreads > 0)
            {
                OrtStatus.VerifySuccess(api, api.SetIntraOpNumThreads(pointer, options.IntraOpThreads));
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <returns>Null when the CUDA provider was added; otherwise ONNX Runtime's reason it was not.</returns>
    private static string? TryAppendCuda(OrtApi api, OrtSessionOptionsHandle options)
    {
        try
        {
            IntPtr pointer;
            OrtStatus.VerifySuccess(api, api.CreateCUDAProviderOptions(&pointer), "CUDA provider options");
            using var cudaOptions = new OrtCudaProviderOptionsHandle(api, pointer);
            OrtStatus.VerifySuccess(
                api,
                api.SessionOptionsAppendExecutionProvider_CUDA_V2(options.Pointer, cudaOptions.Pointer),
                "CUDA execution provider");
            return null;
        }
        catch (OnnxRuntimeException e)
        {
            return e.Message;
        }
    }

    private static OrtSessionHandle Create(
        OrtApi api,
        OrtEnvHandle env,
        string modelPath,
        OrtSessionOptionsHandle options)
    {
        // The reference taken here belongs to the session handle once the session exists.
        var envReferenced = false;
        env.DangerousAddRef(ref envReferenced);
        try
        {
            IntPtr session;
            IntPtr status;
            if (OperatingSystem.IsWindows())
            {
                // ORTCHAR_T is wchar_t on Windows.
                fixed (char* path = modelPath)
                {
                    status = api.CreateSession(env.Pointer, path, options.Pointer, &session);
                }
            }
            else
            {
                fixed (byte* path = Encoding.UTF8.GetBytes(modelPath + '\0'))
                {
                    status = api.CreateSession(env.Pointer, path, options.Pointer, &session);
                }
            }

            OrtStatus.VerifySuccess(api, status, $"Could not open ONNX model '{modelPath}'");
            var handle = new OrtSessionHandle(api, session, env);
            envReferenced = false;
            return handle;
        }
        finally
        {
            if (envReferenced)
            {
                env.DangerousRelease();
            }
        }
    }
}

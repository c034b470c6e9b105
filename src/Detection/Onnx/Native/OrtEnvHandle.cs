using Microsoft.Extensions.Logging;

namespace DeepScan.Detection.Onnx.Native;

/// <summary>An <c>OrtEnv*</c>: the logging and process-wide state every session depends on.</summary>
internal sealed unsafe class OrtEnvHandle : OrtHandle
{
    private readonly nint logRegistration;

    private OrtEnvHandle(OrtApi api, IntPtr pointer, nint logRegistration)
        : base(api, pointer)
    {
        this.logRegistration = logRegistration;
    }

    /// <summary>Creates (or, as ONNX Runtime shares one per process, joins) the environment, logging at warning and up.</summary>
    public static OrtEnvHandle Create(OrtApi api, ILogger logger)
    {
        var registration = OrtLogForwarder.Register(logger);
        try
        {
            IntPtr env;
            fixed (byte* logId = "deepscan\0"u8)
            {
                OrtStatus.VerifySuccess(
                    api,
                    api.CreateEnvWithCustomLogger(
                        OrtLogForwarder.Function, registration, OrtLoggingLevel.Warning, logId, &env),
                    "Could not create the ONNX Runtime environment");
            }

            return new OrtEnvHandle(api, env, registration);
        }
        catch
        {
            OrtLogForwarder.Unregister(registration);
            throw;
        }
    }

    protected override void Release(IntPtr pointer)
    {
        Api.ReleaseEnv(pointer);
        OrtLogForwarder.Unregister(logRegistration);
    }
}

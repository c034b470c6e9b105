namespace DeepScan.Detection.Onnx;

/// <summary>Where a session should run its model.</summary>
public enum ExecutionDevice
{
    Cpu,
    Cuda,
}

/// <summary>How to open an <see cref="OnnxSession"/>.</summary>
/// <param name="PreferredDevice">
/// <see cref="ExecutionDevice.Cuda"/> is used only when ONNX Runtime accepts the CUDA provider; otherwise the
/// session runs on the CPU and says why in <see cref="OnnxSession.DeviceFallbackReason"/>.
/// </param>
/// <param name="IntraOpThreads">Threads one operator may use; 0 lets ONNX Runtime choose (one per core).</param>
/// <param name="OptimizedModelCache">A folder where a CPU session keeps the graph ONNX Runtime optimized, for the next
/// process to load as it is (<see cref="Onnx.OptimizedModelCache"/>); null optimizes at every start.</param>
public sealed record OnnxSessionOptions(
    ExecutionDevice PreferredDevice = ExecutionDevice.Cpu, int IntraOpThreads = 0, string? OptimizedModelCache = null);

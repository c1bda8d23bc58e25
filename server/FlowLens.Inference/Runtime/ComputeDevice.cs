namespace FlowLens.Inference;

/// <summary>A device llama.cpp can run layers on, as its backends registered it (name "CPU", "CUDA0", ...).</summary>
public sealed record ComputeDevice(string Name, string Description, ComputeDeviceKind Kind, long FreeBytes, long TotalBytes)
{
    /// <summary>Layers offloaded with <c>GpuLayers</c> land on a device of this kind.</summary>
    public bool IsGpu => Kind is ComputeDeviceKind.Gpu or ComputeDeviceKind.IntegratedGpu;
}

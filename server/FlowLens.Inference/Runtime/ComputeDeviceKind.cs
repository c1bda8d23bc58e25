namespace FlowLens.Inference;

/// <summary>What kind of hardware a compute device is.</summary>
public enum ComputeDeviceKind
{
    Cpu,
    Gpu,
    IntegratedGpu,
    Accelerator,
    Other,
}

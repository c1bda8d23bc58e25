namespace FlowLens.Inference.Native;

/// <summary><c>enum ggml_backend_dev_type</c> of the v0.5.0 header, in its order.</summary>
internal enum GgmlBackendDeviceType
{
    Cpu = 0,
    Gpu = 1,
    IntegratedGpu = 2,
    Accelerator = 3,
    Meta = 4,
}

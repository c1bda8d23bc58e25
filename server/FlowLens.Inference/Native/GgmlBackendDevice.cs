namespace FlowLens.Inference.Native;

/// <summary>A <c>ggml_backend_dev_t</c>: a device in ggml's registry, owned by ggml for the life of the process.</summary>
internal readonly record struct GgmlBackendDevice(nint Value);

namespace FlowLens.Inference;

/// <summary>How to load a model.</summary>
public sealed record LlamaModelOptions
{
    /// <summary>Layers to offload to the GPU: 0 = CPU only, -1 = all. Ignored by the CPU build.</summary>
    public int GpuLayers { get; init; }

    /// <summary>Where to find libllama (first call in the process wins).</summary>
    public NativeLibraryOptions Library { get; init; } = new();

    /// <summary>Skip the host-memory check before loading (for machines where /proc/meminfo under-reports).</summary>
    public bool SkipMemoryCheck { get; init; }
}

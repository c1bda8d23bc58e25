namespace FlowLens.Inference;

/// <summary>Where to look for libllama first and whether a CUDA build is wanted.</summary>
public sealed record NativeLibraryOptions
{
    /// <summary>A folder containing libllama*.so and libggml*.so; searched before anything else.</summary>
    public string? LibraryDirectory { get; init; }

    /// <summary>Prefer the CUDA build (@node-llama-cpp/linux-x64-cuda) when it is installed.</summary>
    public bool PreferCuda { get; init; }
}

namespace FlowLens.Inference;

/// <summary>
/// Short names for the models FlowLens is tuned for. Checksums are left null where we have not pinned a file
/// revision; pass <c>--sha256</c> to verify those downloads.
/// </summary>
public static class ModelAliases
{
    public static IReadOnlyDictionary<string, ModelAlias> All { get; } = new Dictionary<string, ModelAlias>(StringComparer.OrdinalIgnoreCase)
    {
        ["qwen2.5-coder-1.5b"] = new(
            "qwen2.5-coder-1.5b",
            new Uri("https://huggingface.co/Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF/resolve/main/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"),
            null,
            "Qwen2.5-Coder 1.5B Instruct, Q4_K_M (~1.1 GB): the default local model."),
        ["qwen2.5-coder-7b"] = new(
            "qwen2.5-coder-7b",
            new Uri("https://huggingface.co/bartowski/Qwen2.5-Coder-7B-Instruct-GGUF/resolve/main/Qwen2.5-Coder-7B-Instruct-Q4_K_M.gguf"),
            null,
            "Qwen2.5-Coder 7B Instruct, Q4_K_M (~4.7 GB): better answers, needs a GPU or patience."),
        ["qwen2.5-coder-0.5b"] = new(
            "qwen2.5-coder-0.5b",
            new Uri("https://huggingface.co/Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF/resolve/main/qwen2.5-coder-0.5b-instruct-q8_0.gguf"),
            null,
            "Qwen2.5-Coder 0.5B Instruct, Q8_0 (~0.5 GB): smoke tests on slow machines."),
    };

    /// <summary>Returns the alias for <paramref name="nameOrUrl"/>, or null when it is not an alias.</summary>
    public static ModelAlias? Find(string nameOrUrl) => All.GetValueOrDefault(nameOrUrl);
}

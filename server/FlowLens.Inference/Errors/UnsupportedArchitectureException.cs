namespace FlowLens.Inference;

/// <summary>The GGUF declares an architecture this llama.cpp build cannot run.</summary>
public sealed class UnsupportedArchitectureException : InferenceException
{
    public UnsupportedArchitectureException()
    {
    }

    public UnsupportedArchitectureException(string message)
        : base(message)
    {
    }

    public UnsupportedArchitectureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UnsupportedArchitectureException(string path, string architecture)
        : base($"Model file '{path}' uses architecture '{architecture}', which the bundled llama.cpp cannot run. "
            + "Pick a GGUF of a supported architecture (llama, qwen2, ...) or update @node-llama-cpp.")
    {
        Architecture = architecture;
    }

    public string Architecture { get; } = "";
}

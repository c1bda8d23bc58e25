namespace FlowLens.Inference;

/// <summary>Which engine answers chat requests.</summary>
public enum InferenceBackend
{
    /// <summary>llama.cpp in this process, from a GGUF file.</summary>
    Local,

    /// <summary>An Ollama server (structured output through its <c>format</c> field).</summary>
    Ollama,

    /// <summary>Any OpenAI-compatible chat completions endpoint (llama-server, vLLM, LM Studio, OpenAI).</summary>
    OpenAI,
}

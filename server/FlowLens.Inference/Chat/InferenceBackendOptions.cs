namespace FlowLens.Inference;

/// <summary>All settings for choosing and creating a chat backend; only the fields of the chosen backend are read.</summary>
public sealed record InferenceBackendOptions
{
    public InferenceBackend Backend { get; init; } = InferenceBackend.Local;

    public string? ModelPath { get; init; }

    public int GpuLayers { get; init; }

    public int ContextSize { get; init; } = 4096;

    /// <summary>0 picks the processor count capped at 8.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Sequences the local context decodes in one batch: concurrent requests for the same prompt (a draft's samples,
    /// self-consistency votes) up to this many share one llama_decode per token.
    /// </summary>
    public int Sequences { get; init; } = 4;

    public string? LibraryDirectory { get; init; }

    public bool PreferCuda { get; init; }

    public Uri OllamaUrl { get; init; } = new("http://localhost:11434");

    public string? OllamaModel { get; init; }

    public Uri? OpenAIUrl { get; init; }

    public string? OpenAIModel { get; init; }

    /// <summary>API key for the OpenAI-compatible endpoint; local servers usually accept any value.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Timeout and retries for the Ollama and OpenAI-compatible backends.</summary>
    public ServerRequestOptions Requests { get; init; } = new();
}

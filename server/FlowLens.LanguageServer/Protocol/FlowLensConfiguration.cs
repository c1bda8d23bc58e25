using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>The <c>flowlens</c> settings section as VS Code sends it: dotted keys become nested objects.</summary>
internal sealed record FlowLensConfiguration(
    [property: JsonPropertyName("backend")] string? Backend,
    [property: JsonPropertyName("modelPath")] string? ModelPath,
    [property: JsonPropertyName("gpuLayers")] int? GpuLayers,
    [property: JsonPropertyName("contextSize")] int? ContextSize,
    [property: JsonPropertyName("threads")] int? Threads,
    [property: JsonPropertyName("ollama")] EndpointConfiguration? Ollama,
    [property: JsonPropertyName("openai")] EndpointConfiguration? OpenAI,
    [property: JsonPropertyName("attribution")] AttributionConfiguration? Attribution,
    [property: JsonPropertyName("sandbox")] SandboxConfiguration? Sandbox,
    [property: JsonPropertyName("requestTimeout")] int? RequestTimeout = null,
    [property: JsonPropertyName("maxTokens")] int? MaxTokens = null);

using System.CommandLine;
using FlowLens.Core.Generation;

namespace FlowLens.Cli.Commands;

/// <summary>The options every generating command shares (model, backend, seed, composer, attribution, JSON output).</summary>
internal sealed class GenerationOptions
{
    public Option<string?> Model { get; } = new("--model") { Description = "A GGUF model file (default: $FLOWLENS_MODEL, else a generated tiny random test model)." };

    public Option<string> Backend { get; } = new("--backend") { Description = "local, ollama or openai.", DefaultValueFactory = _ => "local" };

    public Option<string?> OllamaModel { get; } = new("--ollama-model") { Description = "Model name on the Ollama server (with --backend ollama)." };

    public Option<string?> OllamaUrl { get; } = new("--ollama-url") { Description = "Ollama server URL (default http://localhost:11434)." };

    public Option<string?> OpenAIUrl { get; } = new("--openai-url") { Description = "OpenAI-compatible endpoint, e.g. http://gpu-box:8000/v1 (with --backend openai)." };

    public Option<string?> OpenAIModel { get; } = new("--openai-model") { Description = "Model name on the OpenAI-compatible server." };

    public Option<int?> RequestTimeout { get; } = new("--request-timeout") { Description = "Seconds one request to an Ollama or OpenAI-compatible server may take (default 300)." };

    public Option<int?> GpuLayers { get; } = new("--gpu-layers") { Description = "Layers to offload to the GPU (local backend)." };

    public Option<int?> Seed { get; } = new("--seed") { Description = "Seed for composition and sampling (default: a fresh seed for every run, printed with the run so it can be replayed)." };

    public Option<string> Composer { get; } = new("--composer") { Description = "one-pass (the meta-agent) or prior-only (no model call).", DefaultValueFactory = _ => "one-pass" };

    public Option<string> Attribution { get; } = new("--attribution") { Description = "shapley (exact for a few capabilities, sampled above), leave-one-out or off.", DefaultValueFactory = _ => "shapley" };

    public Option<int?> ContextTokens { get; } = new("--context-tokens") { Description = "The most tokens of workspace context each prompt carries (default: 40% of the model's context window; 0: none)." };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the report as JSON." };

    public Option<int?> MaxTokens { get; } = new("--max-tokens") { Description = "Answer budget of each workflow step, in tokens (default 4096; a capability's max_tokens takes precedence; bounded by the model's context)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, Backend, OllamaModel, OllamaUrl, OpenAIUrl, OpenAIModel, RequestTimeout, GpuLayers, Seed, Composer, Attribution, ContextTokens, Json, MaxTokens })
        {
            command.Options.Add(option);
        }
    }

    public FlowLensSettings Settings(ParseResult result) => new()
    {
        Backend = result.GetValue(Backend) ?? "local",
        ModelPath = result.GetValue(Model),
        GpuLayers = result.GetValue(GpuLayers),
        OllamaModel = result.GetValue(OllamaModel),
        OllamaUrl = result.GetValue(OllamaUrl),
        OpenAIUrl = result.GetValue(OpenAIUrl),
        OpenAIModel = result.GetValue(OpenAIModel),
        RequestTimeoutSeconds = result.GetValue(RequestTimeout),
        AttributionMode = result.GetValue(Attribution) ?? "shapley",
        MaxTokens = result.GetValue(MaxTokens),
        ContextTokens = result.GetValue(ContextTokens),
    };
}

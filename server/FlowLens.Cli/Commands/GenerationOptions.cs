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

    public Option<int?> GpuLayers { get; } = new("--gpu-layers") { Description = "Layers to offload to the GPU (local backend)." };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for composition and sampling.", DefaultValueFactory = _ => 0 };

    public Option<string> Composer { get; } = new("--composer") { Description = "one-pass (the meta-agent) or prior-only (no model call).", DefaultValueFactory = _ => "one-pass" };

    public Option<string> Attribution { get; } = new("--attribution") { Description = "leave-one-out, shapley or off.", DefaultValueFactory = _ => "leave-one-out" };

    public Option<int?> ContextTokens { get; } = new("--context-tokens") { Description = "The most tokens of workspace context each prompt carries (default: 40% of the model's context window; 0: none)." };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the report as JSON." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, Backend, OllamaModel, OllamaUrl, OpenAIUrl, OpenAIModel, GpuLayers, Seed, Composer, Attribution, ContextTokens, Json })
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
        AttributionMode = result.GetValue(Attribution) ?? "leave-one-out",
        ContextTokens = result.GetValue(ContextTokens),
    };
}

using FlowLens.Cli.Composition;
using FlowLens.Core.Capabilities;
using FlowLens.Core.Generation;
using FlowLens.Inference;
using FlowLens.Sandbox;
using Microsoft.Extensions.AI;

namespace FlowLens.Cli.Bench;

/// <summary>
/// The benchmark's wiring, as the product wires it (<see cref="LocalWorkflowGenerator"/>): the model from
/// <see cref="ChatClientFactory"/> (the tiny random test model by default), a <see cref="SandboxPool"/> with its
/// <see cref="SandboxCandidateEvaluator"/>, the capability library and the meta-agent prompt.
/// </summary>
internal sealed class BenchServices : IAsyncDisposable
{
    private BenchServices(IChatClient model, string modelId, bool synthetic, string device, SandboxPool pool, CapabilityLibrary library, string metaAgentTemplate)
    {
        Model = model;
        ModelId = modelId;
        IsSyntheticModel = synthetic;
        Device = device;
        Pool = pool;
        Evaluator = new SandboxCandidateEvaluator(pool);
        Library = library;
        MetaAgentTemplate = metaAgentTemplate;
    }

    public IChatClient Model { get; }

    public string ModelId { get; }

    public bool IsSyntheticModel { get; }

    /// <summary>"cpu", "gpu" (layers offloaded) or "remote".</summary>
    public string Device { get; }

    public SandboxPool Pool { get; }

    public SandboxCandidateEvaluator Evaluator { get; }

    public CapabilityLibrary Library { get; }

    public string MetaAgentTemplate { get; }

    public static async Task<BenchServices> StartAsync(FlowLensSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var paths = ProductPaths.Discover();
        var backend = settings.Backend.ToLowerInvariant() switch
        {
            "local" => InferenceBackend.Local,
            "ollama" => InferenceBackend.Ollama,
            "openai" => InferenceBackend.OpenAI,
            _ => throw new ArgumentException($"Unknown backend '{settings.Backend}': use local, ollama or openai."),
        };
        string? modelPath = null;
        ModelDescriptor? descriptor = null;
        if (backend == InferenceBackend.Local)
        {
            modelPath = settings.ModelPath ?? Environment.GetEnvironmentVariable("FLOWLENS_MODEL");
            if (string.IsNullOrWhiteSpace(modelPath))
            {
                modelPath = await TinyModelCache.EnsureAsync(null, cancellationToken).ConfigureAwait(false);
            }

            descriptor = ModelDescriptor.FromInfo(GgufFile.ReadInfo(modelPath));
        }

        var options = new InferenceBackendOptions
        {
            Backend = backend,
            ModelPath = modelPath,
            GpuLayers = settings.GpuLayers ?? 0,
            ContextSize = settings.ContextSize ?? 8192,
            Threads = settings.Threads ?? 0,
            OllamaUrl = new Uri(settings.OllamaUrl ?? "http://localhost:11434"),
            OllamaModel = settings.OllamaModel,
            OpenAIUrl = settings.OpenAIUrl is { } url ? new Uri(url) : null,
            OpenAIModel = settings.OpenAIModel,
            ApiKey = Environment.GetEnvironmentVariable("FLOWLENS_OPENAI_API_KEY"),
        };
        var model = await Task.Run(() => ChatClientFactory.Create(options), cancellationToken).ConfigureAwait(false);
        var library = CapabilityLibrary.Load(paths.Capabilities);
        var template = await File.ReadAllTextAsync(paths.MetaAgentPrompt, cancellationToken).ConfigureAwait(false);
        var device = backend != InferenceBackend.Local ? "remote" : settings.GpuLayers is > 0 ? "gpu" : "cpu";
        var modelId = descriptor?.Id ?? options.OllamaModel ?? options.OpenAIModel ?? "model";
        var pool = new SandboxPool(SandboxOptions.Default);

        // Start the workers now, so the first mode's first task does not pay for it.
        await pool.WarmUpAsync(cancellationToken).ConfigureAwait(false);
        return new BenchServices(model, modelId, descriptor?.IsSynthetic ?? false, device, pool, library, template);
    }

    public ValueTask DisposeAsync()
    {
        Pool.Dispose();
        Model.Dispose();
        return ValueTask.CompletedTask;
    }
}

using FlowLens.Core.Generation;
using FlowLens.Inference;
using Microsoft.Extensions.AI;

namespace FlowLens.Cli.Composition;

/// <summary>
/// The model a set of settings asks for, opened: the local GGUF (the configured one, <c>$FLOWLENS_MODEL</c>, or the
/// generated tiny test model), an Ollama server, or an OpenAI-compatible server. The caller owns <see cref="Client"/>,
/// which passes every request through one <see cref="RequestGate"/> (<see cref="FlowLensSettings.MaxInFlightRequests"/>).
/// </summary>
internal sealed record ModelConnection(IChatClient Client, string ModelId, bool IsSynthetic, string Device)
{
    /// <summary>The local model's context, in tokens, when the settings name none.</summary>
    public const int DefaultContextSize = 8192;

    /// <summary>The key learned state is kept under for this model (see <see cref="LearnedState"/>).</summary>
    public string StateKey { get; init; } = "model";

    /// <summary>"local", "ollama" or "openai".</summary>
    public string Backend { get; init; } = "local";

    /// <summary>The GGUF file of the local backend.</summary>
    public string? ModelPath { get; init; }

    /// <summary>The server's URL (remote backends).</summary>
    public string? ServerUrl { get; init; }

    /// <summary>The gate every request passes (its limit, and the most requests seen in flight).</summary>
    public RequestGate? Gate { get; init; }

    public static async Task<ModelConnection> OpenAsync(FlowLensSettings settings, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
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
            modelPath = settings.ModelPath is { Length: > 0 } configured ? configured : Environment.GetEnvironmentVariable("FLOWLENS_MODEL");
            if (string.IsNullOrWhiteSpace(modelPath))
            {
                progress?.Report(new WorkflowProgress(0, "preparing the tiny test model"));
                modelPath = await TinyModelCache.EnsureAsync(null, cancellationToken).ConfigureAwait(false);
            }

            descriptor = ModelDescriptor.FromInfo(GgufFile.ReadInfo(modelPath));
        }

        progress?.Report(new WorkflowProgress(1, "loading the model"));
        var options = new InferenceBackendOptions
        {
            Backend = backend,
            ModelPath = modelPath,
            GpuLayers = settings.GpuLayers ?? 0,
            PreferCuda = settings.GpuLayers is not 0 and not null,
            ContextSize = settings.ContextSize ?? DefaultContextSize,
            Threads = settings.Threads ?? 0,
            OllamaUrl = new Uri(settings.OllamaUrl ?? "http://localhost:11434"),
            OllamaModel = settings.OllamaModel,
            OpenAIUrl = settings.OpenAIUrl is { } url ? new Uri(url) : null,
            OpenAIModel = settings.OpenAIModel,
            ApiKey = Environment.GetEnvironmentVariable("FLOWLENS_OPENAI_API_KEY"),
            Requests = new ServerRequestOptions
            {
                Timeout = settings.RequestTimeoutSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : ServerRequestOptions.DefaultTimeout,
                Retries = progress is null ? null : new Core.InlineProgress<string>(line => progress.Report(new WorkflowProgress(1, line))),
            },
        };
        var client = await Task.Run(() => ChatClientFactory.Create(options), cancellationToken).ConfigureAwait(false);
        // Layers run on the GPU only when some are offloaded AND the loaded build registered a GPU device (a CUDA
        // build without a usable driver registers only the CPU).
        var device = backend != InferenceBackend.Local ? "remote" : settings.GpuLayers is not 0 and not null && LlamaDevices.List().Any(d => d.IsGpu) ? "gpu" : "cpu";
        var id = descriptor?.Id ?? options.OllamaModel ?? options.OpenAIModel ?? "model";
        var key = modelPath is not null ? LearnedState.LocalModelKey(modelPath) : LearnedState.ServerModelKey(settings.Backend, id);
        // The in-process client decodes concurrent samples of one prompt together, so it lets as many in as it batches.
        var gate = new RequestGate(client, settings.MaxInFlightRequests ?? (client.GetService<LocalLlamaChatClient>() is { } local ? local.Sequences : 8));
        return new ModelConnection(gate, id, descriptor?.IsSynthetic ?? false, device)
        {
            StateKey = key,
            Backend = backend.ToString().ToLowerInvariant(),
            ModelPath = modelPath,
            ServerUrl = backend switch
            {
                InferenceBackend.Ollama => options.OllamaUrl.ToString(),
                InferenceBackend.OpenAI => options.OpenAIUrl?.ToString(),
                _ => null,
            },
            Gate = gate,
        };
    }
}

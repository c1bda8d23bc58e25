using System.Reflection;
using System.Security.Cryptography;
using FlowLens.Cli.Composition;
using FlowLens.Core.Capabilities;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Generation;
using FlowLens.Inference;
using FlowLens.Sandbox;
using Microsoft.Extensions.AI;

namespace FlowLens.Cli.Bench;

/// <summary>
/// The benchmark's wiring, as the product wires it (<see cref="LocalWorkflowGenerator"/>): the model from
/// <see cref="ChatClientFactory"/> (the tiny random test model by default) behind its <see cref="RequestGate"/>, a
/// <see cref="SandboxPool"/> with its <see cref="SandboxCandidateEvaluator"/>, the capability library and the
/// meta-agent prompt; and what identifies the model in the results (name, file hash or server, backend).
/// </summary>
internal sealed class BenchServices : IAsyncDisposable
{
    private readonly SandboxPool? _pool;

    private BenchServices(IChatClient model, ICandidateEvaluator evaluator, SandboxPool? pool, CapabilityLibrary library, string metaAgentTemplate)
    {
        Model = model;
        Evaluator = evaluator;
        _pool = pool;
        Library = library;
        MetaAgentTemplate = metaAgentTemplate;
    }

    public IChatClient Model { get; }

    public required string ModelId { get; init; }

    public bool IsSyntheticModel { get; init; }

    /// <summary>"cpu", "gpu" (layers offloaded) or "remote".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>"local", "ollama", "openai" (or what a test names its scripted model).</summary>
    public string Backend { get; init; } = "local";

    /// <summary>SHA-256 of the GGUF file (local backend), so a renamed or replaced file is told apart.</summary>
    public string? ModelHash { get; init; }

    public string? ServerUrl { get; init; }

    public RequestGate? Gate { get; init; }

    public IReadOnlyList<int> WorkerProcessIds => _pool?.WorkerProcessIds ?? [];

    public ICandidateEvaluator Evaluator { get; }

    public CapabilityLibrary Library { get; }

    public string MetaAgentTemplate { get; }

    /// <summary>The product version, as <c>flowlens version</c> prints it.</summary>
    public static string Version => typeof(BenchServices).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static async Task<BenchServices> StartAsync(FlowLensSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var paths = ProductPaths.Discover();
        var connection = await ModelConnection.OpenAsync(settings, null, cancellationToken).ConfigureAwait(false);
        var library = CapabilityLibrary.Load(paths.Capabilities);
        var template = await File.ReadAllTextAsync(paths.MetaAgentPrompt, cancellationToken).ConfigureAwait(false);
        var hash = connection.ModelPath is { } file ? await HashFileAsync(file, cancellationToken).ConfigureAwait(false) : null;
        var pool = new SandboxPool(SandboxOptions.Default);

        // Start the workers now, so the first mode's first task does not pay for it.
        await pool.WarmUpAsync(cancellationToken).ConfigureAwait(false);
        return new BenchServices(connection.Client, new SandboxCandidateEvaluator(pool), pool, library, template)
        {
            ModelId = connection.ModelId,
            IsSyntheticModel = connection.IsSynthetic,
            Device = connection.Device,
            Backend = connection.Backend,
            ModelHash = hash,
            ServerUrl = connection.ServerUrl,
            Gate = connection.Gate,
        };
    }

    /// <summary>Services around a given model and evaluator (tests: a scripted model, the real sandbox).</summary>
    public static BenchServices Create(IChatClient model, string modelId, string backend, ICandidateEvaluator evaluator, CapabilityLibrary library, string metaAgentTemplate) =>
        new(model, evaluator, null, library, metaAgentTemplate) { ModelId = modelId, Backend = backend, Device = "cpu" };

    public ValueTask DisposeAsync()
    {
        _pool?.Dispose();
        Model.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return "sha256:" + Convert.ToHexStringLower(hash);
    }
}

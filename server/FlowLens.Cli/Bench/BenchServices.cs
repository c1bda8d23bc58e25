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
        var connection = await ModelConnection.OpenAsync(settings, null, cancellationToken).ConfigureAwait(false);
        var library = CapabilityLibrary.Load(paths.Capabilities);
        var template = await File.ReadAllTextAsync(paths.MetaAgentPrompt, cancellationToken).ConfigureAwait(false);
        var pool = new SandboxPool(SandboxOptions.Default);

        // Start the workers now, so the first mode's first task does not pay for it.
        await pool.WarmUpAsync(cancellationToken).ConfigureAwait(false);
        return new BenchServices(connection.Client, connection.ModelId, connection.IsSynthetic, connection.Device, pool, library, template);
    }

    public ValueTask DisposeAsync()
    {
        Pool.Dispose();
        Model.Dispose();
        return ValueTask.CompletedTask;
    }
}

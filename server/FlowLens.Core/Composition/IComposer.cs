using FlowLens.Core.Tasks;

namespace FlowLens.Core.Composition;

/// <summary>Maps a task to a sparse selection of capabilities.</summary>
public interface IComposer
{
    /// <summary>"one-pass", "prior-only", ...: reported in runs and benchmarks.</summary>
    string Name { get; }

    Task<CapabilitySelection> ComposeAsync(TaskTarget target, CancellationToken cancellationToken);

    /// <summary>Composes with the run's <paramref name="seed"/>, so a run replayed with its seed composes alike.</summary>
    Task<CapabilitySelection> ComposeAsync(TaskTarget target, int seed, CancellationToken cancellationToken) => ComposeAsync(target, cancellationToken);
}

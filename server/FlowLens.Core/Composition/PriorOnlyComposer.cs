using System.Diagnostics;
using FlowLens.Core.Capabilities;
using FlowLens.Core.Learning;
using FlowLens.Core.Tasks;

namespace FlowLens.Core.Composition;

/// <summary>
/// Composes without a model: a capability's weight is its learned mean contribution for this kind of task
/// (task features x priors); of the ones at or above the threshold, the k that bought most per model call run, with
/// default parameters. The fallback when no model is loaded, and a baseline for the benchmark.
/// </summary>
public sealed class PriorOnlyComposer : IComposer
{
    private readonly CapabilityLibrary _library;
    private readonly PriorStore _priors;
    private readonly ComposerOptions _options;

    public PriorOnlyComposer(CapabilityLibrary library, PriorStore priors, ComposerOptions options)
    {
        _library = library;
        _priors = priors;
        _options = options;
    }

    public string Name => "prior-only";

    public Task<CapabilitySelection> ComposeAsync(TaskTarget target, CancellationToken cancellationToken) =>
        Task.FromResult(Compose(target, []));

    /// <summary>The selection priors alone give, with <paramref name="repairs"/> carried along (used as a fallback).</summary>
    public CapabilitySelection Compose(TaskTarget target, IReadOnlyList<string> repairs)
    {
        var start = Stopwatch.GetTimestamp();
        var features = TaskFeatures.Of(target);
        var weights = _library.Capabilities.ToDictionary(c => c.Id, c => Math.Clamp(_priors.Get(c, features.Kind).Mean, 0, 1));
        var selected = _library.Capabilities
            .Where(c => weights[c.Id] >= _options.Threshold * 0.7) // priors are contributions, on a smaller scale than weights
            .OrderByDescending(c => weights[c.Id] / Math.Max(1, c.CostModelCalls))
            .ThenBy(c => c.Order)
            .Take(_options.MaxCapabilities)
            .OrderBy(c => c.Order)
            .Select(c => new SelectedCapability(c.Id, weights[c.Id], c.Parameters.ToDictionary(p => p.Name, p => p.Default)))
            .ToList();
        return new CapabilitySelection(Name, selected, weights, repairs, null, 0, 0, Stopwatch.GetElapsedTime(start));
    }
}

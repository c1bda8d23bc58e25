using FlowLens.Core.Composition;
using FlowLens.Core.Tasks;

namespace FlowLens.Cli.Bench;

/// <summary>A mode whose workflow is fixed before the task is seen: a plain baseline, or the workflow a search chose.</summary>
internal sealed class FixedComposer(string name, IReadOnlyList<SelectedCapability> selected) : IComposer
{
    public string Name => name;

    public Task<CapabilitySelection> ComposeAsync(TaskTarget target, CancellationToken cancellationToken) =>
        Task.FromResult(new CapabilitySelection(name, selected, selected.GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(s => s.Weight), StringComparer.Ordinal), [], null, 0, 0, TimeSpan.Zero));
}

using FlowLens.Core.Composition;
using FlowLens.Core.Tasks;

namespace FlowLens.Cli.Bench;

/// <summary>Passes composition through and keeps the selection, so a result row says what was chosen and by whom.</summary>
internal sealed class RecordingComposer(IComposer inner) : IComposer
{
    public string Name => inner.Name;

    public CapabilitySelection? Last { get; private set; }

    public async Task<CapabilitySelection> ComposeAsync(TaskTarget target, CancellationToken cancellationToken)
    {
        Last = await inner.ComposeAsync(target, cancellationToken).ConfigureAwait(false);
        return Last;
    }
}

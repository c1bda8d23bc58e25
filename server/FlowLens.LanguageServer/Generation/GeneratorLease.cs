using FlowLens.Core.Generation;

namespace FlowLens.LanguageServer.Generation;

/// <summary>Keeps a generator alive for one generation.</summary>
internal sealed class GeneratorLease(GeneratorSlot slot) : IDisposable
{
    private int _released;

    public IWorkflowGenerator Generator => slot.Generator;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            slot.Release();
        }
    }
}

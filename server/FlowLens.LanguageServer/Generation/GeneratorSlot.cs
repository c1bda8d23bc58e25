using FlowLens.Core.Generation;

namespace FlowLens.LanguageServer.Generation;

/// <summary>
/// One generator and the generations using it. A slot retired by a settings change is disposed when its last
/// generation ends, so a new configuration never pulls a generator out from under a running workflow.
/// </summary>
internal sealed class GeneratorSlot(IWorkflowGenerator generator)
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _leases;
    private bool _retired;
    private bool _disposing;

    public IWorkflowGenerator Generator { get; } = generator;

    public Task Disposed => _disposed.Task;

    public GeneratorLease? TryAcquire()
    {
        lock (_gate)
        {
            if (_retired)
            {
                return null;
            }

            _leases++;
            return new GeneratorLease(this);
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _leases--;
            if (!_retired || _leases > 0 || _disposing)
            {
                return;
            }

            _disposing = true;
        }

        _ = DisposeGeneratorAsync();
    }

    /// <summary>No new generations; the generator is disposed once the running ones end.</summary>
    public void Retire()
    {
        lock (_gate)
        {
            _retired = true;
            if (_leases > 0 || _disposing)
            {
                return;
            }

            _disposing = true;
        }

        _ = DisposeGeneratorAsync();
    }

    /// <summary>Disposes now, whatever is running: used when the server exits and generations ignored cancellation.</summary>
    public Task ForceDisposeAsync()
    {
        lock (_gate)
        {
            _retired = true;
            if (_disposing)
            {
                return _disposed.Task;
            }

            _disposing = true;
        }

        return DisposeGeneratorAsync();
    }

    private async Task DisposeGeneratorAsync()
    {
        try
        {
            await Generator.DisposeAsync().ConfigureAwait(false);
            _disposed.TrySetResult();
        }
        catch (Exception ex)
        {
            _disposed.TrySetException(ex);
        }
    }
}

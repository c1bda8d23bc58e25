using FlowLens.LanguageServer.Documents;

namespace FlowLens.LanguageServer.Dispatch;

/// <summary>
/// Orders handlers the way Roslyn's LSP queue does: mutating handlers run one at a time in arrival order;
/// a read-only handler waits only for the mutations that arrived before it, then runs concurrently with
/// everything else on the snapshot those mutations produced. Work never runs on the dispatching thread, so
/// a slow handler cannot hold up reading the next message.
/// </summary>
internal sealed class RequestQueue(DocumentStore documents)
{
    private readonly Lock _gate = new();
    private Task<WorkspaceSnapshot> _tail = Task.FromResult(documents.Current);

    /// <summary>Must be called in message arrival order; the dispatcher's synchronization context guarantees that.</summary>
    public Task<TResult> Enqueue<TResult>(RequestKind kind, Func<RequestContext, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var previous = _tail;
            if (kind == RequestKind.ReadOnly)
            {
                return RunReadOnlyAsync(previous, work, cancellationToken);
            }

            var result = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            _tail = RunMutatingAsync(previous, work, result, cancellationToken);
            return result.Task;
        }
    }

    private static async Task<TResult> RunReadOnlyAsync<TResult>(Task<WorkspaceSnapshot> previous, Func<RequestContext, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        var snapshot = await previous.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        cancellationToken.ThrowIfCancellationRequested();
        return await work(new RequestContext(snapshot), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Never faults: a failed mutation reports through <paramref name="result"/> and the queue goes on.</summary>
    private async Task<WorkspaceSnapshot> RunMutatingAsync<TResult>(Task<WorkspaceSnapshot> previous, Func<RequestContext, CancellationToken, Task<TResult>> work, TaskCompletionSource<TResult> result, CancellationToken cancellationToken)
    {
        var snapshot = await previous.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.TrySetResult(await work(new RequestContext(snapshot), cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException ex)
        {
            result.TrySetCanceled(ex.CancellationToken);
        }
        catch (Exception ex)
        {
            result.TrySetException(ex);
        }

        return documents.Current;
    }
}

namespace FlowLens.LanguageServer.Tasks;

/// <summary>A generation in flight; <see cref="Cancel"/> is what <c>flowlens.server.cancel</c> and progress cancellation call.</summary>
internal sealed class RunningGeneration(TaskKey key, CancellationToken requestToken) : IDisposable
{
    private readonly CancellationTokenSource _cancellation = CancellationTokenSource.CreateLinkedTokenSource(requestToken);

    public TaskKey Key { get; } = key;

    public CancellationToken Token => _cancellation.Token;

    public void Cancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The generation already finished; there is nothing to cancel.
        }
    }

    public void Dispose() => _cancellation.Dispose();
}

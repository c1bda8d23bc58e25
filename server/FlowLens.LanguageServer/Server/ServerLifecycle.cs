namespace FlowLens.LanguageServer.Server;

/// <summary>
/// The LSP lifecycle: initialize, shutdown and exit. <see cref="Exited"/> completes when the client sends
/// <c>exit</c>; <see cref="ShutdownToken"/> is cancelled when the server stops for any reason, so every request's
/// token can be linked to it.
/// </summary>
internal sealed class ServerLifecycle : IDisposable
{
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state = (int)LifecycleState.Uninitialized;

    public LifecycleState State => (LifecycleState)Volatile.Read(ref _state);

    public bool ShutdownRequested => State == LifecycleState.ShutDown;

    public CancellationToken ShutdownToken => _shutdown.Token;

    public Task Exited => _exited.Task;

    /// <summary>Moves from Uninitialized to Running; false if <c>initialize</c> was already handled.</summary>
    public bool TryBeginRunning() =>
        Interlocked.CompareExchange(ref _state, (int)LifecycleState.Running, (int)LifecycleState.Uninitialized) == (int)LifecycleState.Uninitialized;

    public void MarkShutDown() => Volatile.Write(ref _state, (int)LifecycleState.ShutDown);

    public void MarkExited() => _exited.TrySetResult();

    /// <summary>Cancels every request and generation still running.</summary>
    public void Stop()
    {
        try
        {
            _shutdown.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped and disposed: nothing left to cancel.
        }
    }

    public void Dispose() => _shutdown.Dispose();
}

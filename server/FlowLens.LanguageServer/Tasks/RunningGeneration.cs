namespace FlowLens.LanguageServer.Tasks;

/// <summary>
/// A generation in flight; <see cref="Cancel"/> is what <c>flowlens.server.cancel</c> and progress cancellation call.
/// Cancelling while <see cref="Stage"/> is <see cref="GenerationStage.Attribution"/> stops attribution only: the result
/// has been recorded and proposed already.
/// </summary>
internal sealed class RunningGeneration(TaskKey key, CancellationToken requestToken) : IDisposable
{
    private static long _next;
    private readonly CancellationTokenSource _cancellation = CancellationTokenSource.CreateLinkedTokenSource(requestToken);
    private volatile GenerationStage _stage = GenerationStage.Result;

    public TaskKey Key { get; } = key;

    /// <summary>Names this generation in a lens's cancel command, so the click cancels this task alone.</summary>
    public string Id { get; } = "gen-" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public GenerationStage Stage => _stage;

    public CancellationToken Token => _cancellation.Token;

    public void EnterAttribution() => _stage = GenerationStage.Attribution;

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

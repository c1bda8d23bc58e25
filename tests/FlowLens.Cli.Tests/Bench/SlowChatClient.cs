using Microsoft.Extensions.AI;

namespace FlowLens.Cli.Tests.Bench;

/// <summary>A model that answers after a delay and records how many calls were in flight at once.</summary>
internal sealed class SlowChatClient(TimeSpan delay) : IChatClient
{
    private readonly Lock _gate = new();
    private int _inFlight;

    public int PeakInFlight { get; private set; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _inFlight++;
            PeakInFlight = Math.Max(PeakInFlight, _inFlight);
        }

        await Task.Delay(delay, cancellationToken);
        lock (_gate)
        {
            _inFlight--;
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

using Microsoft.Extensions.AI;

namespace FlowLens.Cli.Bench;

/// <summary>
/// A model that answers each request after a fixed delay with the reply scripted for the asking capability, so
/// model time dominates as it does on a GPU server. Used only by <c>flowlens bench stages</c>.
/// </summary>
internal sealed class DelayedScriptedChatClient(IReadOnlyDictionary<string, string> replies, TimeSpan delay, TimeProvider time) : IChatClient
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        var capability = options?.AdditionalProperties?["flowlens.capability"] as string ?? "?";
        var text = replies.TryGetValue(capability, out var reply) ? reply : throw new InvalidOperationException($"the bench model has no reply for '{capability}'");
        await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 40 } };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The bench model does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

using Microsoft.Extensions.AI;

namespace FlowLens.Cli.Tests.Integration;

/// <summary>A test double for the model: each capability answers with a fixed reply.</summary>
internal sealed class ScriptedModel(Dictionary<string, string> replies) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var capability = options?.AdditionalProperties?["flowlens.capability"] as string ?? "?";
        var text = replies.TryGetValue(capability, out var reply) ? reply : throw new InvalidOperationException($"no reply scripted for '{capability}'");
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 20 } });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace FlowLens.Cli.Tests.Bench;

/// <summary>A scripted model that records every prompt it is sent; capabilities without a script get <paramref name="fallback"/>.</summary>
internal sealed class RecordingScriptedModel(Dictionary<string, string> replies, string fallback) : IChatClient
{
    public ConcurrentQueue<(string Capability, string Prompt)> Prompts { get; } = new();

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var capability = options?.AdditionalProperties?["flowlens.capability"] as string ?? "?";
        Prompts.Enqueue((capability, string.Join("\n", messages.Select(m => m.Text))));
        var text = replies.TryGetValue(capability, out var reply) ? reply : fallback;
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 20 } });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

using System.Collections.Concurrent;
using FlowLens.Core.Sampling;
using Microsoft.Extensions.AI;

namespace FlowLens.Core.Tests.Doubles;

/// <summary>
/// A backend that may answer one request with several samples: it answers a request that asks for a count with
/// <see cref="Choices"/> of them at most ("seed S" first, then "seed S choice I"), and any other with "seed S".
/// Records each request's seed and count.
/// </summary>
internal sealed class ChoiceCountingChatClient(bool offersCount, int choices) : IChatClient, ISampleCountSupport
{
    public ConcurrentQueue<(int Seed, int Count)> Requests { get; } = new();

    public int Choices { get; } = choices;

    public bool MayAnswerSeveral => offersCount;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seed = (int)options.Seed!.Value;
        var count = options.AdditionalProperties?.TryGetValue(ChatSamples.CountProperty, out var asked) == true ? (int)asked! : 1;
        Requests.Enqueue((seed, count));
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, $"seed {seed}"));
        var sent = Math.Min(count, Choices);
        if (sent > 1)
        {
            response.AdditionalProperties = new()
            {
                [ChatSamples.ChoicesProperty] = Enumerable.Range(1, sent - 1).Select(i => new ChatResponse(new ChatMessage(ChatRole.Assistant, $"seed {seed} choice {i}"))).ToList(),
            };
        }

        return Task.FromResult(response);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("samples are never streamed");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && offersCount && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}

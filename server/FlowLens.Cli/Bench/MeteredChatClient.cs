using FlowLens.Core.Sampling;
using FlowLens.Inference;
using Microsoft.Extensions.AI;

namespace FlowLens.Cli.Bench;

/// <summary>
/// Counts one task's model calls and tokens as they pass to the shared client, split into composing calls (the
/// meta-agent) and worker calls (workflow steps, attribution re-runs included), so a row's costs are its own even
/// when several tasks run at once. With <paramref name="reproducible"/> (the in-process model) every request asks
/// for a generation that does not depend on which request ran before, so a seed reproduces a task in another process
/// even when tasks and steps run at once. A call is a sample: one request that a server answered with several
/// choices (OpenAI's <c>n</c>) counts as that many calls, as the same samples asked for one by one would.
/// </summary>
internal sealed class MeteredChatClient(IChatClient inner, bool reproducible) : DelegatingChatClient(inner)
{
    private int _metaAgentCalls;
    private long _metaAgentTokens;
    private long _metaAgentOutputTokens;
    private int _workerCalls;
    private long _workerTokens;

    public int MetaAgentCalls => Volatile.Read(ref _metaAgentCalls);

    public long MetaAgentTokens => Interlocked.Read(ref _metaAgentTokens);

    public long MetaAgentOutputTokens => Interlocked.Read(ref _metaAgentOutputTokens);

    public int WorkerCalls => Volatile.Read(ref _workerCalls);

    public long WorkerTokens => Interlocked.Read(ref _workerTokens);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (reproducible)
        {
            options = options?.Clone() ?? new ChatOptions();
            options.AdditionalProperties = options.AdditionalProperties?.Clone() ?? [];
            options.AdditionalProperties[LocalLlamaChatClient.ReproducibleProperty] = true;
        }

        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var tokens = (response.Usage?.InputTokenCount ?? 0) + (response.Usage?.OutputTokenCount ?? 0);
        if (options?.AdditionalProperties?.TryGetValue("flowlens.capability", out var capability) == true && capability is "meta-agent")
        {
            Interlocked.Increment(ref _metaAgentCalls);
            Interlocked.Add(ref _metaAgentTokens, tokens);
            Interlocked.Add(ref _metaAgentOutputTokens, response.Usage?.OutputTokenCount ?? 0);
        }
        else
        {
            var further = response.AdditionalProperties?.TryGetValue(ChatSamples.ChoicesProperty, out var choices) == true && choices is IReadOnlyList<ChatResponse> list ? list.Count : 0;
            Interlocked.Add(ref _workerCalls, 1 + further);
            Interlocked.Add(ref _workerTokens, tokens);
        }

        return response;
    }
}

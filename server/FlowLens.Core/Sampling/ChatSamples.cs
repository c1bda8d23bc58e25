using Microsoft.Extensions.AI;

namespace FlowLens.Core.Sampling;

/// <summary>
/// Several samples of one prompt, one per seed, from whatever the backend offers: a backend that offers
/// <see cref="ISampleCountSupport"/> is asked once for all of them (<see cref="CountProperty"/>, seeded with the
/// first seed) and hands the further samples back in <see cref="ChoicesProperty"/>; whatever it did not send is
/// asked for with one request per missing sample, all at once, each with its own seed. A backend without it (the
/// in-process model, which batches concurrent samples of one prompt itself, and Ollama) gets one request per sample.
/// </summary>
public static class ChatSamples
{
    /// <summary>On <see cref="ChatOptions.AdditionalProperties"/>: how many samples one request asks for (an int).</summary>
    public const string CountProperty = "flowlens.samples";

    /// <summary>
    /// On <see cref="ChatResponse.AdditionalProperties"/>: the samples after the first (an
    /// <see cref="IReadOnlyList{T}"/> of <see cref="ChatResponse"/>); the response itself is the first.
    /// </summary>
    public const string ChoicesProperty = "flowlens.choices";

    /// <summary>
    /// One response per seed, in the seeds' order. Sample 0 is always the one seeded with <c>seeds[0]</c>; samples a
    /// server sent together come from that same seeded request, so they are reproducible where the server honours
    /// <c>seed</c> (same seed, same count); samples asked for on their own carry their own seed.
    /// </summary>
    public static async Task<IReadOnlyList<ChatResponse>> GetAsync(IChatClient client, IList<ChatMessage> messages, ChatOptions options, IReadOnlyList<int> seeds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(seeds);
        var answers = new ChatResponse[seeds.Count];
        var received = 0;
        if (seeds.Count > 1 && client.GetService<ISampleCountSupport>() is { MayAnswerSeveral: true })
        {
            var together = WithSeed(options, seeds[0]);
            together.AdditionalProperties = new AdditionalPropertiesDictionary(options.AdditionalProperties ?? []) { [CountProperty] = seeds.Count };
            var first = await client.GetResponseAsync(messages, together, cancellationToken).ConfigureAwait(false);
            answers[received++] = first;
            if (first.AdditionalProperties?.TryGetValue(ChoicesProperty, out var more) == true && more is IReadOnlyList<ChatResponse> choices)
            {
                foreach (var choice in choices.Take(seeds.Count - 1))
                {
                    answers[received++] = choice;
                }
            }
        }

        var rest = await Task.WhenAll(Enumerable.Range(received, seeds.Count - received)
            .Select(i => client.GetResponseAsync(messages, WithSeed(options, seeds[i]), cancellationToken))).ConfigureAwait(false);
        rest.CopyTo(answers, received);
        return answers;
    }

    private static ChatOptions WithSeed(ChatOptions options, int seed)
    {
        var copy = options.Clone();
        copy.Seed = seed;
        return copy;
    }
}

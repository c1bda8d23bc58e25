using FlowLens.Core.Sampling;
using Microsoft.Extensions.AI;

namespace FlowLens.Inference;

/// <summary>
/// Asks an OpenAI-compatible server for a request's several samples at once with <c>n</c> (vLLM, SGLang and
/// OpenAI honour it) and hands the further choices back in <see cref="ChatSamples.ChoicesProperty"/>. Servers that
/// ignore <c>n</c> (llama-server answers one choice) or refuse it are remembered for as long as this client lives:
/// after the first such answer it stops asking, and <see cref="ChatSamples"/> asks for every sample on its own.
/// </summary>
internal sealed class SampleCountChatClient(IChatClient inner) : DelegatingChatClient(inner), ISampleCountSupport
{
    private volatile bool _oneAtATime;

    public bool MayAnswerSeveral => !_oneAtATime;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (options?.AdditionalProperties?.TryGetValue(ChatSamples.CountProperty, out var asked) != true)
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        // The count is FlowLens's own property: the client library must not forward it to the server as it stands.
        var plain = options!.Clone();
        plain.AdditionalProperties = new AdditionalPropertiesDictionary(options.AdditionalProperties!);
        plain.AdditionalProperties.Remove(ChatSamples.CountProperty);
        if (asked is not int count || count < 2 || _oneAtATime)
        {
            return await base.GetResponseAsync(messages, plain, cancellationToken).ConfigureAwait(false);
        }

        var request = new SampleCountRequest(count);
        SampleCountRequest.Current = request;
        var response = await base.GetResponseAsync(messages, plain, cancellationToken).ConfigureAwait(false);
        if (request.Refused || request.Received < count)
        {
            _oneAtATime = true;
        }

        if (request.Further.Count > 0)
        {
            response.AdditionalProperties ??= [];
            response.AdditionalProperties[ChatSamples.ChoicesProperty] = request.Further;
        }

        return response;
    }
}

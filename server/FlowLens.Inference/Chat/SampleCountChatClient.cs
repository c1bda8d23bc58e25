using FlowLens.Core.Sampling;
using Microsoft.Extensions.AI;

namespace FlowLens.Inference;

/// <summary>
/// Asks an OpenAI-compatible server for a request's several samples at once with <c>n</c> (vLLM, SGLang and
/// OpenAI honour it) and hands the further choices back in <see cref="ChatSamples.ChoicesProperty"/>. Servers that
/// ignore <c>n</c> (llama-server answers one choice) or refuse it are remembered for as long as this client lives:
/// after the first such answer it stops asking, and <see cref="ChatSamples"/> asks for every sample on its own. The
/// first request with a count finds out; requests with a count that arrive meanwhile wait for its answer rather
/// than try too.
/// </summary>
internal sealed class SampleCountChatClient(IChatClient inner) : DelegatingChatClient(inner), ISampleCountSupport
{
    private readonly Lock _gate = new();
    private Task<bool>? _honoured;
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

        TaskCompletionSource<bool>? probe = null;
        Task<bool> honoured;
        lock (_gate)
        {
            if (_honoured is null)
            {
                probe = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _honoured = probe.Task;
            }

            honoured = _honoured;
        }

        if (probe is null && !await honoured.WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            return await base.GetResponseAsync(messages, plain, cancellationToken).ConfigureAwait(false);
        }

        var request = new SampleCountRequest(count);
        SampleCountRequest.Current = request;
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, plain, cancellationToken).ConfigureAwait(false);
        }
        catch when (probe is not null)
        {
            // A fault says nothing about n: the next request with a count finds out, and those waiting try it now.
            lock (_gate)
            {
                _honoured = null;
            }

            probe.TrySetResult(true);
            throw;
        }

        if (request.Refused || request.Received < count)
        {
            _oneAtATime = true;
        }

        probe?.TrySetResult(!_oneAtATime);
        if (request.Further.Count > 0)
        {
            response.AdditionalProperties ??= [];
            response.AdditionalProperties[ChatSamples.ChoicesProperty] = request.Further;
        }

        return response;
    }
}

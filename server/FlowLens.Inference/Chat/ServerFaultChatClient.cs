using System.ClientModel;
using Microsoft.Extensions.AI;

namespace FlowLens.Inference;

/// <summary>
/// The chat layer over a remote backend: bounds every request by <see cref="ServerRequestOptions.Timeout"/> ("no
/// answer from URL within N s"), turns the client library's own errors into a <see cref="ServerFaultException"/>
/// naming the URL, and rejects an answer with no message, so no fault reaches the workflow as an empty candidate.
/// </summary>
internal sealed class ServerFaultChatClient(IChatClient inner, Uri url, ServerRequestOptions options) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options1 = null, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options1, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerFaultException(NoAnswer(), e);
        }
        catch (ServerFaultException)
        {
            throw;
        }
        catch (ClientResultException e) when (e.InnerException is ServerFaultException fault)
        {
            throw new ServerFaultException(fault.Message, e);
        }
        catch (ClientResultException e) when (e.InnerException is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw new ServerFaultException(NoAnswer(), e);
        }
        catch (Exception e) when (e is ClientResultException or HttpRequestException or System.Text.Json.JsonException or InvalidOperationException or FormatException or ArgumentException or IndexOutOfRangeException)
        {
            throw new ServerFaultException($"the server at {url} did not answer like the API FlowLens expects: {e.Message}", e);
        }

        if (response.Messages.Count == 0)
        {
            throw new ServerFaultException($"the server at {url} did not answer like an OpenAI-compatible API: the answer holds no message");
        }

        return response;
    }

    private string NoAnswer() =>
        $"no answer from {url} within {options.Timeout.TotalSeconds:0.#} s. The server accepted the request but did not finish it: is it overloaded or stuck? Raise the limit with --request-timeout SECONDS (setting flowlens.requestTimeout).";
}

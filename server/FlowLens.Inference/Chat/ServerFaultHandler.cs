using System.Net.Sockets;
using System.Text.Json;

namespace FlowLens.Inference;

/// <summary>
/// The HTTP layer under the Ollama and OpenAI-compatible clients: turns every way a server can fail into one
/// <see cref="ServerFaultException"/> that names the URL, retries transient faults a bounded number of times, and
/// checks that a successful OpenAI-style answer really is one (JSON with at least one choice) before the client
/// library reads it. Without an inner handler it sends over its own sockets.
/// </summary>
internal sealed class ServerFaultHandler(Uri baseUrl, ServerRequestOptions options, bool expectOpenAIChoices, HttpMessageHandler? inner = null) : DelegatingHandler(inner ?? Sockets())
{
    private const int PreviewLength = 200;

    /// <summary>The connection every server backend uses: a connect that takes over 10 s is a fault, not a wait.</summary>
    internal static SocketsHttpHandler Sockets() => new() { ConnectTimeout = TimeSpan.FromSeconds(10) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri?.ToString() ?? baseUrl.ToString();
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var retry = attempt <= options.MaxRetries;
            using var copy = Copy(request, body);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(copy, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
            {
                if (retry && IsRefused(e))
                {
                    await WaitToRetryAsync(attempt, $"the connection to {url} was refused", cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new ServerFaultException(Unreachable(url, e, attempt), e);
            }

            if ((int)response.StatusCode is 429 or >= 500 && retry)
            {
                response.Dispose();
                await WaitToRetryAsync(attempt, $"{url} answered {(int)response.StatusCode}", cancellationToken).ConfigureAwait(false);
                continue;
            }

            return await CheckAsync(url, response, attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitToRetryAsync(int attempt, string what, CancellationToken cancellationToken)
    {
        options.Retries?.Report($"{what}; retry {attempt} of {options.MaxRetries} in {options.RetryDelay.TotalSeconds:0.#} s");
        await Task.Delay(options.RetryDelay * attempt, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> CheckAsync(string url, HttpResponseMessage response, int attempts, CancellationToken cancellationToken)
    {
        var tried = attempts > 1 ? $" (after {attempts} attempts)" : string.Empty;
        if (!response.IsSuccessStatusCode)
        {
            var text = await ReadPreviewAsync(response, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            response.Dispose();
            var hint = status == 404
                ? " Check the URL (an OpenAI-compatible server usually ends in /v1) and the model name."
                : status is 401 or 403 ? " Check the API key (FLOWLENS_OPENAI_API_KEY)." : string.Empty;
            throw new ServerFaultException($"the server at {url} answered {status} {response.ReasonPhrase}{tried}: {ServerMessage(text)}.{hint}");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        if (mediaType.Contains("html", StringComparison.OrdinalIgnoreCase))
        {
            var text = await ReadPreviewAsync(response, cancellationToken).ConfigureAwait(false);
            response.Dispose();
            throw new ServerFaultException(NotOpenAI(url, $"an HTML page", text));
        }

        if (!expectOpenAIChoices)
        {
            return response;
        }

        // The whole answer is read here (FlowLens never streams from these servers), so the check costs nothing extra.
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var problem = OpenAIShapeProblem(bytes);
        if (problem is not null)
        {
            response.Dispose();
            throw new ServerFaultException(NotOpenAI(url, problem, System.Text.Encoding.UTF8.GetString(bytes)));
        }

        var replaced = new ByteArrayContent(bytes);
        foreach (var header in response.Content.Headers)
        {
            replaced.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = replaced;
        return response;
    }

    private static string? OpenAIShapeProblem(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return "an empty body";
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "JSON that is not an object";
            }

            if (!document.RootElement.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
            {
                return "JSON without \"choices\"";
            }

            return choices.GetArrayLength() == 0 ? "an empty \"choices\" list" : null;
        }
        catch (JsonException)
        {
            return "a body that is not JSON";
        }
    }

    private static string NotOpenAI(string url, string what, string text) =>
        $"the server at {url} did not answer like an OpenAI-compatible API ({what}); it sent: {Preview(text)}";

    private static string Unreachable(string url, HttpRequestException e, int attempts)
    {
        var tried = attempts > 1 ? $" after {attempts} attempts" : string.Empty;
        return IsRefused(e)
            ? $"could not connect to {url}: connection refused{tried}. Is the server running, are the host and port right, and does an OpenAI-compatible URL end in /v1?"
            : $"could not reach {url}{tried}: {e.Message}. Is the server running, and are the host and port right?";
    }

    private static bool IsRefused(HttpRequestException e) =>
        e.HttpRequestError == HttpRequestError.ConnectionError
        || e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    private static string ServerMessage(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
            {
                // OpenAI and vLLM send {"error": {"message": ...}}; Ollama and llama-server send {"error": "..."}.
                if (error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString() ?? text;
                }

                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString() ?? text;
                }
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                return detail.GetString() ?? text;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the raw text (an HTML error page, a proxy's message) is the best there is.
        }

        return Preview(text);
    }

    private static string Preview(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length == 0 ? "(nothing)" : flat.Length <= PreviewLength ? flat : flat[..PreviewLength] + "...";
    }

    private static async Task<string> ReadPreviewAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return text.Length > 4 * PreviewLength ? text[..(4 * PreviewLength)] : text;
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
    }

    private static HttpRequestMessage Copy(HttpRequestMessage request, byte[]? body)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var header in request.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return copy;
    }
}

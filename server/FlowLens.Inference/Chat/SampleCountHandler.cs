using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace FlowLens.Inference;

/// <summary>
/// The HTTP side of <see cref="SampleCountChatClient"/>: a chat completion sent while a
/// <see cref="SampleCountRequest"/> flows gets <c>"n": count</c> in its body, and the choices of the answer are read
/// into that request (the client library reads only the first). A server that refuses the count (400 or 422) is
/// asked once more with the body as it was, so the step still gets its first sample from this request.
/// </summary>
internal sealed class SampleCountHandler() : DelegatingHandler(ServerFaultHandler.Sockets())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (SampleCountRequest.Current is not { Count: > 1 } wanted || request.Content is null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (WithCount(body, wanted.Count) is not { } counted)
        {
            return await base.SendAsync(Copy(request, body), cancellationToken).ConfigureAwait(false);
        }

        var response = await base.SendAsync(Copy(request, counted), cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode is 400 or 422)
        {
            response.Dispose();
            var plain = await base.SendAsync(Copy(request, body), cancellationToken).ConfigureAwait(false);
            wanted.Refused = plain.IsSuccessStatusCode;
            return plain;
        }

        if (!response.IsSuccessStatusCode)
        {
            return response;
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        ReadChoices(bytes, wanted);
        var replaced = new ByteArrayContent(bytes);
        foreach (var header in response.Content.Headers)
        {
            replaced.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = replaced;
        return response;
    }

    /// <summary>The body with <c>n</c> set, or null when it is not a JSON object (then it goes as it is).</summary>
    private static byte[]? WithCount(byte[] body, int count)
    {
        try
        {
            if (JsonNode.Parse(body) is not JsonObject json)
            {
                return null;
            }

            json["n"] = count;
            return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Counts the answer's choices and keeps those after the first; an answer that is not OpenAI-shaped is left to the fault handler.</summary>
    private static void ReadChoices(byte[] bytes, SampleCountRequest wanted)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            wanted.Received = choices.GetArrayLength();
            wanted.Further = choices.EnumerateArray().Skip(1).Take(wanted.Count - 1).Select(choice => Choice(choice, model)).ToList();
        }
        catch (JsonException)
        {
            // Not JSON: the fault handler above reports it with what the server sent.
        }
    }

    private static ChatResponse Choice(JsonElement choice, string? model)
    {
        var message = choice.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var content = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() ?? string.Empty : string.Empty;
        var finish = choice.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, content))
        {
            ModelId = model,
            FinishReason = finish switch
            {
                null => null,
                "stop" => ChatFinishReason.Stop,
                "length" => ChatFinishReason.Length,
                "content_filter" => ChatFinishReason.ContentFilter,
                "tool_calls" => ChatFinishReason.ToolCalls,
                _ => new ChatFinishReason(finish),
            },
        };
    }

    /// <summary>A fresh message with <paramref name="body"/>: the length header is the new body's own.</summary>
    private static HttpRequestMessage Copy(HttpRequestMessage request, byte[] body)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy, Content = new ByteArrayContent(body) };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var header in request.Content!.Headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return copy;
    }
}

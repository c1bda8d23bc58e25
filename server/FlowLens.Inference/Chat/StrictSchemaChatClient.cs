using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace FlowLens.Inference;

/// <summary>
/// Asks an OpenAI-compatible server for <c>"strict": true</c> structured output when the requested schema allows it
/// (every object closed with <c>additionalProperties: false</c> and every property required, no tuples), which vLLM, SGLang and
/// OpenAI turn into constrained decoding. The adapter library leaves <c>strict</c> unset by default.
/// </summary>
internal sealed class StrictSchemaChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, WithStrictSchema(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, WithStrictSchema(options), cancellationToken);

    internal static ChatOptions? WithStrictSchema(ChatOptions? options)
    {
        if (options?.ResponseFormat is not ChatResponseFormatJson { Schema: { } schema } json || !AllowsStrict(schema))
        {
            return options;
        }

        var strict = options.Clone();
        var previous = options.RawRepresentationFactory;
        strict.RawRepresentationFactory = client =>
        {
            var raw = previous?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
            raw.ResponseFormat ??= OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat(
                json.SchemaName ?? "json_schema", BinaryData.FromString(schema.GetRawText()), json.SchemaDescription, jsonSchemaIsStrict: true);
            return raw;
        };
        return strict;
    }

    /// <summary>True when every object in the schema is closed and requires all of its properties (the strict-mode rule).</summary>
    internal static bool AllowsStrict(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            if (!schema.TryGetProperty("additionalProperties", out var additional) || additional.ValueKind != JsonValueKind.False)
            {
                return false;
            }

            var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Select(e => e.GetString()).ToHashSet(StringComparer.Ordinal)
                : [];
            if (properties.EnumerateObject().Any(p => !required.Contains(p.Name) || !AllowsStrict(p.Value)))
            {
                return false;
            }
        }

        // Tuples are outside the strict subset OpenAI documents; such a schema is still sent, without "strict".
        if (schema.TryGetProperty("prefixItems", out _))
        {
            return false;
        }

        if (schema.TryGetProperty("anyOf", out var options) && options.ValueKind == JsonValueKind.Array && !options.EnumerateArray().All(AllowsStrict))
        {
            return false;
        }

        return !schema.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Object || AllowsStrict(items);
    }
}

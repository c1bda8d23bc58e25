using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record Command(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("command")] string CommandId,
    [property: JsonPropertyName("arguments")] IReadOnlyList<JsonElement>? Arguments);

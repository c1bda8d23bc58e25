using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record ExecuteCommandParams(
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("arguments")] IReadOnlyList<JsonElement>? Arguments,
    [property: JsonPropertyName("workDoneToken")] JsonElement? WorkDoneToken);

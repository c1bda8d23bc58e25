using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record Range(
    [property: JsonPropertyName("start")] Position Start,
    [property: JsonPropertyName("end")] Position End);

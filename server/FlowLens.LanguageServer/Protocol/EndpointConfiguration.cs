using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record EndpointConfiguration(
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("model")] string? Model);

using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record ConfigurationItem(
    [property: JsonPropertyName("scopeUri")] string? ScopeUri,
    [property: JsonPropertyName("section")] string? Section);

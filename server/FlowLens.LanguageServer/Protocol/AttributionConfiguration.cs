using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record AttributionConfiguration(
    [property: JsonPropertyName("mode")] string? Mode,
    [property: JsonPropertyName("budget")] int? Budget);

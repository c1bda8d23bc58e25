using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record ContributionInfo(
    [property: JsonPropertyName("capability")] string Capability,
    [property: JsonPropertyName("delta")] double Delta,
    [property: JsonPropertyName("label")] string Label);

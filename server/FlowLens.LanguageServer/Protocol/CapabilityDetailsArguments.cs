using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>The single argument of <c>flowlens.server.capabilityDetails</c> and the client's <c>flowlens.showCapabilityDetails</c>.</summary>
internal sealed record CapabilityDetailsArguments(
    [property: JsonPropertyName("uri")] string Uri,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("capability")] string Capability);

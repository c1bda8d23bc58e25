using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>What the server needs to resolve a lens later: the task (by uri and line) and which lens it is.</summary>
internal sealed record CodeLensData(
    [property: JsonPropertyName("uri")] string Uri,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("runId")] string? RunId,
    [property: JsonPropertyName("capability")] string? Capability);

using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>Used both for didChange (version always set) and for edits (null means "any version").</summary>
internal sealed record VersionedTextDocumentIdentifier(
    [property: JsonPropertyName("uri")] string Uri,
    [property: JsonPropertyName("version"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Version);

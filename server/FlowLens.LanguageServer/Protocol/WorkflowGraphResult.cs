using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary><see cref="Contributions"/> maps a Mermaid node id (a step id) to its capability's contribution.</summary>
internal sealed record WorkflowGraphResult(
    [property: JsonPropertyName("mermaid")] string Mermaid,
    [property: JsonPropertyName("contributions")] IReadOnlyDictionary<string, double> Contributions);

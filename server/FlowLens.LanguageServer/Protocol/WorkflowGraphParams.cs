using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record WorkflowGraphParams([property: JsonPropertyName("uri")] string? Uri);

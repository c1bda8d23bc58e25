using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record ApplyWorkspaceEditResult(
    [property: JsonPropertyName("applied")] bool Applied,
    [property: JsonPropertyName("failureReason")] string? FailureReason);

using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>Used for both <c>window/showMessage</c> and <c>window/logMessage</c>.</summary>
internal sealed record ShowMessageParams(
    [property: JsonPropertyName("type")] MessageType Type,
    [property: JsonPropertyName("message")] string Message);

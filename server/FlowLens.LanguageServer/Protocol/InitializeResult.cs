using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record InitializeResult(
    [property: JsonPropertyName("capabilities")] ServerCapabilities Capabilities,
    [property: JsonPropertyName("serverInfo")] ServerInfo ServerInfo);

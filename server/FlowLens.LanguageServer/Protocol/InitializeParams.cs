using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record InitializeParams(
    [property: JsonPropertyName("processId")] int? ProcessId,
    [property: JsonPropertyName("rootUri")] string? RootUri,
    [property: JsonPropertyName("rootPath")] string? RootPath,
    [property: JsonPropertyName("capabilities")] ClientCapabilities? Capabilities,
    [property: JsonPropertyName("initializationOptions")] JsonElement? InitializationOptions,
    [property: JsonPropertyName("workspaceFolders")] IReadOnlyList<WorkspaceFolder>? WorkspaceFolders);

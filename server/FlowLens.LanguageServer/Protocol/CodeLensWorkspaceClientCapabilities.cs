using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record CodeLensWorkspaceClientCapabilities([property: JsonPropertyName("refreshSupport")] bool? RefreshSupport);

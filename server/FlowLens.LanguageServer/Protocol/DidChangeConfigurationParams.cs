using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record DidChangeConfigurationParams([property: JsonPropertyName("settings")] JsonElement? Settings);

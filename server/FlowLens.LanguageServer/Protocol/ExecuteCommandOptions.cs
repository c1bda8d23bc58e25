using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record ExecuteCommandOptions([property: JsonPropertyName("commands")] IReadOnlyList<string> Commands);

using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record SaveOptions([property: JsonPropertyName("includeText")] bool IncludeText);

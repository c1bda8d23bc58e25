using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record CodeLensOptions([property: JsonPropertyName("resolveProvider")] bool ResolveProvider);

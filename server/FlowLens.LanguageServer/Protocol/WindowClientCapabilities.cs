using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record WindowClientCapabilities([property: JsonPropertyName("workDoneProgress")] bool? WorkDoneProgress);

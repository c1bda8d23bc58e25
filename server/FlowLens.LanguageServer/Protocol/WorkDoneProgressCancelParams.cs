using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record WorkDoneProgressCancelParams([property: JsonPropertyName("token")] JsonElement Token);

using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record WorkDoneProgressCreateParams([property: JsonPropertyName("token")] JsonElement Token);

using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary><c>$/progress</c>: the value is one of the work-done progress records.</summary>
internal sealed record ProgressParams(
    [property: JsonPropertyName("token")] JsonElement Token,
    [property: JsonPropertyName("value")] WorkDoneProgressValue Value);

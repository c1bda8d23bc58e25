using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary><c>flowlens/serverStatus</c>.</summary>
internal sealed record ServerStatusParams(
    [property: JsonPropertyName("modelLoaded")] bool ModelLoaded,
    [property: JsonPropertyName("model"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Model,
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("busy")] bool Busy,
    [property: JsonPropertyName("message")] string? Message);

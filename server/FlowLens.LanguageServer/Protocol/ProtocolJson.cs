using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>The one set of serializer options for the wire: LSP leaves optional members out rather than sending null.</summary>
internal static class ProtocolJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);

    /// <summary>A fresh, still mutable instance: the JSON-RPC formatter adds its own converters to the one it gets.</summary>
    public static JsonSerializerOptions CreateOptions() => new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = false,
    };
}

using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record ConfigurationParams([property: JsonPropertyName("items")] IReadOnlyList<ConfigurationItem> Items);

using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record ChangeAnnotationSupport([property: JsonPropertyName("groupsOnLabel")] bool? GroupsOnLabel);

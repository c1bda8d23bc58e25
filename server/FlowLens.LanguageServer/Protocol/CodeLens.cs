using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>A lens; one without a command is completed by <c>codeLens/resolve</c> from its <see cref="Data"/>.</summary>
internal sealed record CodeLens(
    [property: JsonPropertyName("range")] Range Range,
    [property: JsonPropertyName("command")] Command? Command,
    [property: JsonPropertyName("data")] CodeLensData? Data);

using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>
/// The optional single argument of <c>flowlens.server.cancel</c>: <c>task</c> (the id a "Generating… (Cancel)" lens
/// carries) cancels that generation alone; <c>uri</c> alone cancels the generations in that document; none cancels all.
/// </summary>
internal sealed record CancelCommandArguments(
    [property: JsonPropertyName("uri")] string? Uri,
    [property: JsonPropertyName("task")] string? Task = null);

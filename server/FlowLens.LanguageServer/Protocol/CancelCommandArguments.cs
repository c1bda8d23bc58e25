using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>The optional single argument of <c>flowlens.server.cancel</c>.</summary>
internal sealed record CancelCommandArguments([property: JsonPropertyName("uri")] string? Uri);

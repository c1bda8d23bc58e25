using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>The single argument of <c>flowlens.server.runTests</c> and the client's <c>flowlens.runTests</c>: a task by its document and line.</summary>
internal sealed record RunTestsArguments(
    [property: JsonPropertyName("uri")] string Uri,
    [property: JsonPropertyName("line")] int Line);

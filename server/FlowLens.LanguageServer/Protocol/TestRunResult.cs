using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>The result of <c>flowlens.server.runTests</c>: a one-line summary (also sent as a message) and the details document.</summary>
internal sealed record TestRunResult(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("markdown")] string Markdown,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("passed")] int Passed,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("runner")] string? Runner);

using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

internal sealed record GenerateResult(
    [property: JsonPropertyName("runId")] string RunId,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("passed")] int Passed,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("contributions")] IReadOnlyList<ContributionInfo> Contributions,
    [property: JsonPropertyName("applied")] bool Applied);

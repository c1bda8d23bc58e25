using System.Text.Json.Serialization;

namespace FlowLens.LanguageServer.Protocol;

/// <summary>
/// The result of <c>flowlens.server.generate</c>, sent when both stages have ended. <c>attribution</c> is
/// <c>done</c>, <c>cancelled</c> (the code was kept), <c>dropped</c> (the method changed meanwhile) or <c>failed</c>;
/// <c>contributions</c> is empty unless it is <c>done</c>. <c>resultMs</c> is when the code was ready.
/// <c>othersPassed</c>/<c>othersFailed</c> count the rest of the test projects' tests on the chosen candidate; absent
/// when they were not run.
/// </summary>
internal sealed record GenerateResult(
    [property: JsonPropertyName("runId")] string RunId,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("passed")] int Passed,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("contributions")] IReadOnlyList<ContributionInfo> Contributions,
    [property: JsonPropertyName("applied")] bool Applied,
    [property: JsonPropertyName("attribution")] string Attribution,
    [property: JsonPropertyName("resultMs")] double ResultMs)
{
    [JsonPropertyName("othersPassed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? OthersPassed { get; init; }

    [JsonPropertyName("othersFailed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? OthersFailed { get; init; }
}

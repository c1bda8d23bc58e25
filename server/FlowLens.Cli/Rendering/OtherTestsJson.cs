using System.Text.Json.Nodes;
using FlowLens.Core.Evaluation;

namespace FlowLens.Cli.Rendering;

/// <summary>
/// The rest of the test projects' tests in <c>--json</c> reports: <c>othersPassed</c>, <c>othersFailed</c> and
/// <c>others</c> (runner, problem, each test), all null when they were not run.
/// </summary>
internal static class OtherTestsJson
{
    public static void AddTo(JsonObject json, OtherTestsReport? others)
    {
        json["othersPassed"] = others?.Passed;
        json["othersFailed"] = others?.Failed;
        json["others"] = others is null ? null : new JsonObject
        {
            ["runner"] = others.Runner,
            ["problem"] = others.Problem,
            ["ms"] = Math.Round(others.Milliseconds, 1),
            ["tests"] = new JsonArray([.. others.Tests.Select(t => (JsonNode?)new JsonObject
            {
                ["name"] = t.Name,
                ["outcome"] = t.Outcome.ToString().ToLowerInvariant(),
                ["message"] = t.Message,
                ["ms"] = Math.Round(t.Milliseconds, 2),
            })]),
        };
    }
}

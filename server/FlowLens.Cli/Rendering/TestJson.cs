using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowLens.Core.Evaluation;

namespace FlowLens.Cli.Rendering;

/// <summary>The <c>--json</c> form of <c>flowlens test</c>: a stable document built field by field.</summary>
internal static class TestJson
{
    public static string Render(EvaluationReport report, string file, string method, OtherTestsReport? others = null)
    {
        var json = new JsonObject
        {
            ["file"] = file,
            ["method"] = method,
            ["runner"] = report.Runner,
            ["compiled"] = report.Compiled,
            ["ranNothing"] = report.Tests.Count == 0,
            ["passed"] = report.Tests.Count(t => t.Outcome == TestOutcome.Passed),
            ["total"] = report.Tests.Count,
            ["tests"] = new JsonArray([.. report.Tests.Select(t => (JsonNode?)new JsonObject
            {
                ["name"] = t.Name,
                ["outcome"] = t.Outcome.ToString().ToLowerInvariant(),
                ["message"] = t.Message,
                ["ms"] = Math.Round(t.Milliseconds, 2),
            })]),
            ["rejected"] = new JsonArray([.. report.Rejected.Select(v => (JsonNode?)new JsonObject { ["symbol"] = v.Symbol, ["line"] = v.Line, ["reason"] = v.Reason })]),
            ["diagnostics"] = new JsonArray([.. report.Diagnostics.Select(d => (JsonNode?)d)]),
            ["crash"] = report.Crash,
        };
        OtherTestsJson.AddTo(json, others);
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}

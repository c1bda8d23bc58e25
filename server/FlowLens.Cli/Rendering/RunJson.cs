using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowLens.Core.Context;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Generation;

namespace FlowLens.Cli.Rendering;

/// <summary>The <c>--json</c> form of a run: a stable document built field by field, independent of Core's types.</summary>
internal static class RunJson
{
    public static string Render(WorkflowRun run, string file)
    {
        var m = run.Metrics;
        var json = new JsonObject
        {
            ["runId"] = run.RunId,
            ["task"] = run.TaskId,
            ["seed"] = run.Seed,
            ["file"] = file,
            ["model"] = new JsonObject { ["name"] = run.Generator.Model, ["backend"] = run.Generator.Backend, ["device"] = run.Generator.Device, ["synthetic"] = run.Generator.IsSyntheticModel },
            ["notice"] = run.Notice,
            ["workflow"] = string.Join(" -> ", run.Steps.Select(s => s.Label)),
            ["composition"] = m is null ? null : new JsonObject
            {
                ["composer"] = m.Composer,
                ["fallback"] = m.CompositionFallback is not null,
                ["fallbackReason"] = m.CompositionFallback,
                ["promptTokens"] = m.CompositionPromptTokens,
                ["outputTokens"] = m.CompositionOutputTokens,
                ["ms"] = Math.Round(m.CompositionMilliseconds, 1),
                ["weights"] = new JsonObject(m.Weights.Select(w => KeyValuePair.Create(w.Key, (JsonNode?)w.Value))),
                ["repairs"] = new JsonArray([.. m.CompositionRepairs.Select(r => (JsonNode?)r)]),
                ["stitchNotes"] = new JsonArray([.. m.StitchNotes.Select(r => (JsonNode?)r)]),
            },
            ["steps"] = new JsonArray([.. run.Steps.Select(s => (JsonNode?)new JsonObject
            {
                ["id"] = s.StepId,
                ["capability"] = s.CapabilityId,
                ["label"] = s.Label,
                ["outcome"] = s.Outcome,
                ["ms"] = Math.Round(s.Milliseconds, 1),
                ["modelCalls"] = s.ModelCalls,
                ["tokens"] = s.Tokens,
                ["cacheHit"] = s.CacheHit,
            })]),
            ["finalCode"] = run.FinalMethodBody,
            ["finalMembers"] = new JsonArray([.. (run.FinalCandidate?.Members ?? []).Select(m => (JsonNode?)m)]),
            ["finalUsings"] = new JsonArray([.. (run.FinalCandidate?.Usings ?? []).Select(u => (JsonNode?)u)]),
            ["tests"] = Report(run.FinalReport),
            ["contributions"] = new JsonArray([.. run.Contributions.Select(c => (JsonNode?)new JsonObject
            {
                ["capability"] = c.CapabilityId,
                ["delta"] = c.Delta,
                ["scoreWith"] = c.ScoreWith,
                ["scoreWithout"] = c.ScoreWithout,
                ["uncertainty"] = c.Uncertainty,
                ["label"] = c.Label,
            })]),
            ["timings"] = m is null ? null : new JsonObject
            {
                ["composeMs"] = Math.Round(m.CompositionMilliseconds, 1),
                ["executeMs"] = Math.Round(m.ExecutionMilliseconds, 1),
                ["attributeMs"] = Math.Round(m.AttributionMilliseconds, 1),
                ["resultMs"] = Math.Round(m.ResultMilliseconds, 1),
                ["totalMs"] = Math.Round(run.Duration.TotalMilliseconds, 1),
            },
            ["cost"] = m is null ? null : new JsonObject
            {
                ["modelCalls"] = m.ModelCalls,
                ["tokens"] = m.Tokens,
                ["sandboxRuns"] = m.SandboxRuns,
                ["attributionRuns"] = m.AttributionRuns,
                ["attributionExtraModelCalls"] = m.AttributionExtraModelCalls,
                ["attributionCacheHitRatio"] = Math.Round(m.AttributionCacheHitRatio, 4),
            },
            ["reward"] = m is null ? null : new JsonObject
            {
                ["total"] = m.Reward.Total,
                ["passRate"] = m.Reward.PassRate,
                ["complexity"] = m.Reward.Complexity,
                ["cost"] = m.Reward.Cost,
                ["diversity"] = m.Reward.Diversity,
            },
            ["summary"] = run.Summary,
            ["context"] = Context(run.Steps.Select(s => s.Context).FirstOrDefault(c => c is not null)),
        };
        OtherTestsJson.AddTo(json, run.OtherTests);
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>The workspace context the prompts carried: what was shown, what was cut for the budget, how it was counted.</summary>
    private static JsonObject? Context(TaskContext? context) => context is null ? null : new JsonObject
    {
        ["summary"] = context.Summary,
        ["tokens"] = context.Tokens,
        ["budgetTokens"] = context.BudgetTokens,
        ["counter"] = context.Counter,
        ["exactCount"] = context.ExactCount,
        ["included"] = Items(context.Included),
        ["cut"] = Items(context.Cut),
        ["notes"] = new JsonArray([.. context.Notes.Select(n => (JsonNode?)n)]),
    };

    private static JsonArray Items(IEnumerable<ContextItem> items) => new([.. items.Select(i => (JsonNode?)new JsonObject
    {
        ["kind"] = i.Kind.ToString(),
        ["title"] = i.Title,
        ["tokens"] = i.Tokens,
    })]);

    private static JsonObject? Report(EvaluationReport? report) => report is null ? null : new JsonObject
    {
        ["compiled"] = report.Compiled,
        ["runner"] = report.Runner,
        ["ranNothing"] = report.RanNothing,
        ["passed"] = report.Passed,
        ["total"] = report.Total,
        ["diagnostics"] = new JsonArray([.. report.Diagnostics.Take(10).Select(d => (JsonNode?)d)]),
        ["tests"] = new JsonArray([.. report.Tests.Select(t => (JsonNode?)new JsonObject
        {
            ["name"] = t.Name,
            ["outcome"] = t.Outcome.ToString().ToLowerInvariant(),
            ["message"] = t.Message,
            ["ms"] = Math.Round(t.Milliseconds, 2),
        })]),
        ["examples"] = new JsonArray([.. report.Examples.Select(e => (JsonNode?)new JsonObject
        {
            ["call"] = e.Example.Call,
            ["expected"] = e.Example.Expected,
            ["origin"] = e.Example.Origin.ToString(),
            ["outcome"] = e.Outcome.ToString().ToLowerInvariant(),
            ["observed"] = e.Observed,
        })]),
    };
}

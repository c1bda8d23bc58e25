using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowLens.Core.Workflows;

namespace FlowLens.Cli.Bench;

/// <summary>
/// The benchmark's outcome: one <see cref="ModeSummary"/> per mode plus what the run was (suite, split, model,
/// search sizes). Writes <c>report.json</c>, <c>report.md</c> (mode x {success, latency, cost}, as the papers lay it
/// out) and <c>report.svg</c>.
/// </summary>
internal sealed record BenchReport(
    string Suite,
    int Seed,
    IReadOnlyList<string> ValidationTasks,
    IReadOnlyList<string> TestTasks,
    string Model,
    bool SyntheticModel,
    string Device,
    int WorkerMaxOutputTokens,
    int MetaAgentMaxOutputTokens,
    IReadOnlyDictionary<string, int> SearchSizes,
    IReadOnlyList<ModeSummary> Modes,
    int FreshUnits)
{
    public const string EqualsCaveat =
        "MultiPL-E's asserts compare collections with `.Equals`, which is reference equality for `List<T>` and `Dictionary<K,V>` and could never pass. "
        + "The sandbox rewrites, inside each trusted `Debug.Assert`, `a.Equals(b)` into a structural comparison (element-wise for sequences, by key for "
        + "dictionaries, `object.Equals` otherwise, so `x.Equals(null)` on a null string is true instead of a NullReferenceException); see "
        + "`FlowLens.Sandbox.Worker/Compilation/ProgramAssertRewriter.cs` and `Execution/StructuralEquality.cs`. Each assert is its own test, so "
        + "`Debug.Assert` never passes vacuously (it is not compiled out, and a failing assert is a failed test, not a FailFast).";

    public static BenchReport Build(BenchOptions options, BenchServices services, SuiteSplit split, ResultsLog log, ExecutionOptions execution, int fresh)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(execution);
        var testNames = split.Test.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var modes = options.Modes.Select(m => ModeSummary.Of(
            m,
            log.Tasks.Values.Where(r => r.Mode == m && testNames.Contains(r.Task)).OrderBy(r => r.Task, StringComparer.Ordinal).ToList(),
            log.Searches.GetValueOrDefault(m))).ToList();
        var sizes = new Dictionary<string, int>
        {
            ["refineRounds"] = options.RefineRounds,
            ["bayesflowN"] = options.BayesFlowParticles,
            ["bayesflowK"] = options.BayesFlowLookAhead,
            ["bayesflowM"] = options.BayesFlowRefinements,
            ["bayesflowT"] = options.BayesFlowRounds,
            ["selfConsistencySamples"] = options.SelfConsistencySamples,
        };
        return new BenchReport(
            options.Suite,
            options.Seed,
            split.Validation.Select(t => t.Name).ToList(),
            split.Test.Select(t => t.Name).ToList(),
            services.ModelId,
            services.IsSyntheticModel,
            services.Device,
            execution.MaxOutputTokens,
            options.MetaAgentMaxOutputTokens,
            sizes,
            modes,
            fresh);
    }

    /// <summary>GPU seconds are not measured: "n/a" on CPU or remote backends, and "n/a (not measured)" with layers offloaded.</summary>
    public string GpuSeconds => Device == "gpu" ? "n/a (not measured)" : "n/a";

    public void WriteTo(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "report.json"), ToJson());
        File.WriteAllText(Path.Combine(directory, "report.md"), ToMarkdown());
        File.WriteAllText(Path.Combine(directory, "report.svg"), SvgChart.Render(Modes));
    }

    public string ToJson()
    {
        var json = new JsonObject
        {
            ["suite"] = Suite,
            ["seed"] = Seed,
            ["split"] = new JsonObject
            {
                ["rule"] = "task-level 1:4 validation/test, fixed seed; search modes tune on validation tasks only; all scores are on test tasks",
                ["validation"] = new JsonArray([.. ValidationTasks.Select(t => (JsonNode?)t)]),
                ["test"] = new JsonArray([.. TestTasks.Select(t => (JsonNode?)t)]),
            },
            ["model"] = new JsonObject { ["id"] = Model, ["synthetic"] = SyntheticModel, ["device"] = Device },
            ["workerMaxOutputTokens"] = WorkerMaxOutputTokens,
            ["metaAgentMaxOutputTokens"] = MetaAgentMaxOutputTokens,
            ["searchSizes"] = new JsonObject(SearchSizes.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
            ["equalsCaveat"] = EqualsCaveat,
            ["gpuSeconds"] = GpuSeconds,
            ["freshUnits"] = FreshUnits,
            ["modes"] = new JsonArray([.. Modes.Select(m => (JsonNode?)new JsonObject
            {
                ["mode"] = m.Mode,
                ["tasks"] = m.Tasks,
                ["passed"] = m.Passed,
                ["passAt1"] = Round(m.PassAt1),
                ["meanTestPassRate"] = Round(m.MeanPassRate),
                ["latencyMs"] = new JsonObject { ["mean"] = Round(m.MeanMs), ["p50"] = Round(m.P50Ms), ["p95"] = Round(m.P95Ms) },
                ["perTask"] = new JsonObject
                {
                    ["metaAgentTokens"] = Round(m.MetaAgentTokensPerTask),
                    ["workerTokens"] = Round(m.WorkerTokensPerTask),
                    ["modelCalls"] = Round(m.ModelCallsPerTask),
                    ["sandboxRuns"] = Round(m.SandboxRunsPerTask),
                    ["cpuSeconds"] = Round(m.CpuSecondsPerTask),
                },
                ["totals"] = new JsonObject
                {
                    ["metaAgentTokens"] = m.TotalMetaAgentTokens,
                    ["workerTokens"] = m.TotalWorkerTokens,
                    ["modelCalls"] = m.TotalModelCalls,
                    ["sandboxRuns"] = m.TotalSandboxRuns,
                    ["wallMs"] = Round(m.TotalWallMs),
                    ["cpuSeconds"] = Round(m.TotalCpuSeconds),
                },
                ["errors"] = m.Errors,
                ["search"] = m.Search is not { } s ? null : new JsonObject
                {
                    ["workflow"] = s.Workflow,
                    ["validationReward"] = Round(s.ValidationReward),
                    ["metaAgentCalls"] = s.MetaAgentCalls,
                    ["metaAgentTokens"] = s.MetaAgentTokens,
                    ["workerCalls"] = s.WorkerCalls,
                    ["workerTokens"] = s.WorkerTokens,
                    ["sandboxRuns"] = s.SandboxRuns,
                    ["workflowsScored"] = s.WorkflowsScored,
                    ["wallMs"] = Round(s.Milliseconds),
                    ["cpuSeconds"] = Round(s.CpuSeconds),
                },
            })]),
            ["ratiosToOnePass"] = Ratios() is { Count: > 0 } ratios
                ? new JsonObject(ratios.Select(r => KeyValuePair.Create(r.Mode, (JsonNode?)new JsonObject { ["metaAgentTokens"] = Round(r.Tokens), ["wallTime"] = Round(r.Wall) })))
                : null,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Total meta-agent tokens and total wall time (search included) of each search mode over one-pass's.</summary>
    public IReadOnlyList<(string Mode, double Tokens, double Wall)> Ratios()
    {
        var onePass = Modes.FirstOrDefault(m => m.Mode == "one-pass");
        if (onePass is null)
        {
            return [];
        }

        return Modes.Where(m => m.Mode is "refine" or "bayesflow")
            .Select(m => (m.Mode, onePass.TotalMetaAgentTokens == 0 ? double.NaN : (double)m.TotalMetaAgentTokens / onePass.TotalMetaAgentTokens, onePass.TotalWallMs == 0 ? double.NaN : m.TotalWallMs / onePass.TotalWallMs))
            .ToList();
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("# FlowLens benchmark").AppendLine();
        md.AppendLine(F($"Suite `{Suite}`: {ValidationTasks.Count} validation task(s), {TestTasks.Count} test task(s) (seed {Seed}). Model `{Model}` ({Device}{(SyntheticModel ? ", a tiny random-weight test model: success is expected to be ~0; the point is that every mode completes and accounts its costs" : string.Empty)})."));
        md.AppendLine().AppendLine("## Success, latency and cost on the TEST split").AppendLine();
        md.AppendLine("| mode | pass@1 | mean test pass rate | latency mean / p50 / p95 (s) | meta-agent tokens / task | worker tokens / task | model calls / task | sandbox runs / task | CPU s / task | GPU s | total meta-agent tokens (incl. search) | total wall (s, incl. search) | errors |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var m in Modes)
        {
            md.AppendLine(F($"| {m.Mode} | {m.PassAt1:P1} ({m.Passed}/{m.Tasks}) | {m.MeanPassRate:0.000} | {m.MeanMs / 1000:0.00} / {m.P50Ms / 1000:0.00} / {m.P95Ms / 1000:0.00} | {m.MetaAgentTokensPerTask:0} | {m.WorkerTokensPerTask:0} | {m.ModelCallsPerTask:0.0} | {m.SandboxRunsPerTask:0.0} | {m.CpuSecondsPerTask:0.00} | {GpuSeconds} | {m.TotalMetaAgentTokens} | {m.TotalWallMs / 1000:0.0} | {m.Errors} |"));
        }

        var searches = Modes.Where(m => m.Search is not null).ToList();
        if (searches.Count > 0)
        {
            md.AppendLine().AppendLine("## One-off searches on the VALIDATION split").AppendLine();
            md.AppendLine("| mode | chosen workflow | validation reward | workflows scored | meta-agent calls | meta-agent tokens | worker calls | worker tokens | sandbox runs | wall (s) | CPU s |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var m in searches)
            {
                var s = m.Search!;
                md.AppendLine(F($"| {m.Mode} | {s.Workflow} | {s.ValidationReward:0.000} | {s.WorkflowsScored} | {s.MetaAgentCalls} | {s.MetaAgentTokens} | {s.WorkerCalls} | {s.WorkerTokens} | {s.SandboxRuns} | {s.Milliseconds / 1000:0.0} | {s.CpuSeconds:0.0} |"));
            }
        }

        var ratios = Ratios();
        if (ratios.Count > 0)
        {
            md.AppendLine().AppendLine("## Relative to one-pass (totals, search included)").AppendLine();
            md.AppendLine("| mode | meta-agent tokens x | wall time x |").AppendLine("|---|---|---|");
            foreach (var (mode, tokens, wall) in ratios)
            {
                md.AppendLine(F($"| {mode} | {tokens:0.0} | {wall:0.0} |"));
            }
        }

        md.AppendLine().AppendLine("## How this was measured").AppendLine();
        md.AppendLine("- **Split.** The suite is split 1:4 validation/test at the TASK level with a fixed seed, as the search papers do. `refine` and `bayesflow` search once, seeing results on the validation tasks only (feedback: pass rates, failing asserts, errors), and the workflow they choose is then run on every test task. `one-pass` composes per test task in one meta-agent call; `prior-only` uses learned priors (fresh, so the library's defaults); `direct` is one draft; `self-consistency` is "
            + F($"{SearchSizes["selfConsistencySamples"]} drafts and a behavioural vote. Only test-split scores are reported."));
        md.AppendLine("- **Success.** pass@1: the final code passes every test assert of the task; the mean test pass rate is the fraction of asserts passed. Comment examples (doctests) do not count: a few disagree with their tests.");
        md.AppendLine("- **The `.Equals` caveat.** " + EqualsCaveat);
        md.AppendLine(F($"- **Costs.** Meta-agent tokens are prompt + output tokens of composing calls (searches: all their proposals); worker tokens are those of workflow steps; model calls count both; sandbox runs are fresh evaluations (memo hits are free). Each mode has its own step cache. CPU seconds are this process (the in-process model) plus the sandbox workers. GPU seconds: {GpuSeconds}."));
        md.AppendLine(F($"- **Sizes.** refine rounds {SearchSizes["refineRounds"]}; BayesFlow N={SearchSizes["bayesflowN"]}, K={SearchSizes["bayesflowK"]}, M={SearchSizes["bayesflowM"]}, T={SearchSizes["bayesflowT"]}; worker answers at most {WorkerMaxOutputTokens} tokens, meta-agent answers at most {MetaAgentMaxOutputTokens}."));
        return md.ToString();
    }

    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 4) : 0;

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

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
    public RunSettings? Settings { get; init; }

    public BenchThroughput? Throughput { get; init; }

    public const string EqualsCaveat =
        "MultiPL-E's asserts compare collections with `.Equals`, which is reference equality for `List<T>` and `Dictionary<K,V>` and could never pass. "
        + "The sandbox rewrites, inside each trusted `Debug.Assert`, `a.Equals(b)` into a structural comparison (element-wise for sequences, by key for "
        + "dictionaries, `object.Equals` otherwise, so `x.Equals(null)` on a null string is true instead of a NullReferenceException); see "
        + "`FlowLens.Sandbox.Worker/Compilation/ProgramAssertRewriter.cs` and `Execution/StructuralEquality.cs`. Each assert is its own test, so "
        + "`Debug.Assert` never passes vacuously (it is not compiled out, and a failing assert is a failed test, not a FailFast).";

    public static BenchReport Build(BenchOptions options, BenchServices services, SuiteSplit split, ResultsLog log, ExecutionOptions execution, int fresh, BenchThroughput throughput, RunSettings settings)
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
            fresh)
        {
            Settings = settings,
            Throughput = throughput,
        };
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
            ["settings"] = Settings?.ToJson(),
            ["hiddenTests"] = ModeVisibility.Hidden,
            ["throughput"] = Throughput is not { } t ? null : new JsonObject
            {
                ["parallel"] = t.Parallel,
                ["maxInFlightRequests"] = t.GateLimit,
                ["peakInFlightRequests"] = t.PeakInFlight,
                ["wallSeconds"] = Round(t.WallSeconds),
                ["tokens"] = t.Tokens,
                ["tokensPerSecond"] = Round(t.TokensPerSecond),
            },
            ["modes"] = new JsonArray([.. Modes.Select(m => (JsonNode?)new JsonObject
            {
                ["mode"] = m.Mode,
                ["tasks"] = m.Tasks,
                ["passed"] = m.Passed,
                ["passAt1"] = Round(m.PassAt1),
                ["meanTestPassRate"] = Round(m.MeanPassRate),
                ["meanVisiblePassRate"] = Round(m.MeanVisiblePassRate),
                ["gradingRuns"] = m.GradingRuns,
                ["fallbacks"] = m.Fallbacks,
                ["fallbackReasons"] = new JsonArray([.. m.FallbackReasons.Select(r => (JsonNode?)r)]),
                ["chosen"] = new JsonObject(m.Chosen.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))),
                ["saw"] = ModeVisibility.Of(m.Mode),
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

    /// <summary>Total meta-agent tokens and total wall time (search included) of each search mode over one-pass's; null where undefined.</summary>
    public IReadOnlyList<(string Mode, double? Tokens, double? Wall)> Ratios()
    {
        var onePass = Modes.FirstOrDefault(m => m.Mode == "one-pass");
        if (onePass is null)
        {
            return [];
        }

        return Modes.Where(m => m.Mode is "refine" or "bayesflow" or BenchRunner.LearnMode)
            .Select(m => (m.Mode, onePass.TotalMetaAgentTokens == 0 ? (double?)null : (double)m.TotalMetaAgentTokens / onePass.TotalMetaAgentTokens, onePass.TotalWallMs == 0 ? (double?)null : m.TotalWallMs / onePass.TotalWallMs))
            .ToList();
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("# FlowLens benchmark").AppendLine();
        md.AppendLine(F($"Suite `{Suite}`: {ValidationTasks.Count} validation task(s), {TestTasks.Count} test task(s) (seed {Seed}). Model `{Model}` ({Device}{(SyntheticModel ? ", a tiny random-weight test model: success is expected to be ~0; the point is that every mode completes and accounts its costs" : string.Empty)})."));
        if (Settings is { } settings)
        {
            md.AppendLine().AppendLine(F($"Recorded with every result: model `{settings.Model}`{(settings.ModelHash is { } hash ? $" (`{hash}`)" : string.Empty)}, backend `{settings.Backend}`{(settings.Server is { } server ? $" at `{server}`" : string.Empty)}, seed {settings.Seed}, FlowLens `{settings.Version}`; options: {string.Join(", ", settings.Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}"))}."));
        }

        md.AppendLine().AppendLine("## Success, latency and cost on the TEST split (graded on hidden tests)").AppendLine();
        md.AppendLine("| mode | pass@1 | mean test pass rate | mean visible pass rate | composer fallbacks | latency mean / p50 / p95 (s) | meta-agent tokens / task | worker tokens / task | model calls / task | sandbox runs / task | CPU s / task | GPU s | total meta-agent tokens (incl. search) | total wall (s, incl. search) | errors |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var m in Modes)
        {
            var pass = m.PassAt1 is { } rate ? F($"{rate:P1}") : "n/a";
            md.AppendLine(F($"| {m.Mode} | {pass} ({m.Passed}/{m.Tasks}) | {Na(m.MeanPassRate, "0.000")} | {Na(m.MeanVisiblePassRate, "0.000")} | {m.Fallbacks} | {Na(m.MeanMs / 1000, "0.00")} / {Na(m.P50Ms / 1000, "0.00")} / {Na(m.P95Ms / 1000, "0.00")} | {Na(m.MetaAgentTokensPerTask, "0")} | {Na(m.WorkerTokensPerTask, "0")} | {Na(m.ModelCallsPerTask, "0.0")} | {Na(m.SandboxRunsPerTask, "0.0")} | {Na(m.CpuSecondsPerTask, "0.00")} | {GpuSeconds} | {m.TotalMetaAgentTokens} | {m.TotalWallMs / 1000:0.0} | {m.Errors} |"));
        }

        md.AppendLine().AppendLine("## What each mode saw").AppendLine();
        md.AppendLine(ModeVisibility.Hidden).AppendLine();
        foreach (var m in Modes)
        {
            md.AppendLine(F($"- **{m.Mode}**: {ModeVisibility.Of(m.Mode)}."));
        }

        var fallbacks = Modes.Where(m => m.Fallbacks > 0).ToList();
        md.AppendLine().AppendLine("## Composer fallbacks").AppendLine();
        if (fallbacks.Count == 0)
        {
            md.AppendLine("No task's composer fell back: every one-pass row was composed by the meta-agent.");
        }

        foreach (var m in fallbacks)
        {
            md.AppendLine(F($"- **{m.Mode}**: {m.Fallbacks} of {m.Tasks} task(s) fell back to the prior-only selection (scored as run, counted here): {string.Join("; ", m.FallbackReasons.Take(3))}"));
        }

        var chosen = Modes.Where(m => m.Chosen.Count > 0).ToList();
        if (chosen.Count > 0)
        {
            md.AppendLine().AppendLine("## Capabilities chosen (tasks that selected each)").AppendLine();
            foreach (var m in chosen)
            {
                md.AppendLine(F($"- **{m.Mode}**: {string.Join(", ", m.Chosen.Select(c => $"{c.Key} {c.Value}"))}"));
            }
        }

        var searches = Modes.Where(m => m.Search is not null).ToList();
        if (searches.Count > 0)
        {
            md.AppendLine().AppendLine("## One-off searches and learning on the VALIDATION split (visible tests only)").AppendLine();
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
                md.AppendLine(F($"| {mode} | {Na(tokens, "0.0")} | {Na(wall, "0.0")} |"));
            }
        }

        if (Throughput is { } t)
        {
            md.AppendLine().AppendLine("## Throughput of this invocation").AppendLine();
            md.AppendLine(F($"{t.Parallel} task(s) at once; model requests in flight at most {(t.GateLimit is { } limit ? limit.ToString(CultureInfo.InvariantCulture) : "n/a")} (peak seen {(t.PeakInFlight is { } peak ? peak.ToString(CultureInfo.InvariantCulture) : "n/a")}); wall {t.WallSeconds:0.0} s for the {FreshUnits} new result(s); {t.Tokens} tokens, {Na(t.TokensPerSecond, "0.0")} tokens/s."));
        }

        md.AppendLine().AppendLine("## How this was measured").AppendLine();
        md.AppendLine("- **Split.** The suite is split 1:4 validation/test at the TASK level with a fixed seed, as the search papers do. `refine` and `bayesflow` search once, seeing results on the validation tasks' visible tests only (pass rates, failing examples, errors), and the workflow they choose is then run on every test task; `one-pass+learn` learns its priors and replay buffer on the validation tasks. `one-pass` composes per test task in one meta-agent call; `prior-only` uses fresh priors (the library's defaults); `direct` is one draft; `self-consistency` is "
            + F($"{SearchSizes["selfConsistencySamples"]} drafts and a behavioural vote. Only test-split scores are reported."));
        md.AppendLine("- **Success.** Each task runs as the product runs it (compose, execute, attribute) on its visible target; its final code is then graded once on the hidden tests. pass@1: every hidden assert passed; the mean test pass rate is the fraction of hidden asserts passed; the visible pass rate is what the workflow itself saw. Undefined figures read n/a (null in report.json), never 0.");
        md.AppendLine("- **The `.Equals` caveat.** " + EqualsCaveat);
        md.AppendLine(F($"- **Costs.** Per task, counted on the task's own calls: meta-agent tokens are prompt + output tokens of composing calls (searches: all their proposals); worker tokens are those of workflow steps and attribution re-runs; model calls count both; sandbox runs are fresh evaluations of the workflow and its attribution (memo hits are free; the grading run is apart). Each mode has its own step cache. CPU seconds are this process (the in-process model) plus the sandbox workers, and overlap when tasks run at once. GPU seconds: {GpuSeconds}."));
        md.AppendLine(F($"- **Sizes.** refine rounds {SearchSizes["refineRounds"]}; BayesFlow N={SearchSizes["bayesflowN"]}, K={SearchSizes["bayesflowK"]}, M={SearchSizes["bayesflowM"]}, T={SearchSizes["bayesflowT"]}; worker answers at most {WorkerMaxOutputTokens} tokens, meta-agent answers at most {MetaAgentMaxOutputTokens}."));
        return md.ToString();
    }

    /// <summary>Undefined values (no tasks, a zero denominator) are null in JSON, "n/a" in Markdown; never 0.</summary>
    private static double? Round(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 4) : null;

    private static string Na(double? value, string format) => value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

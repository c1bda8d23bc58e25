using FlowLens.Core.Composition;
using FlowLens.Core.Learning;
using FlowLens.Core.Search;
using FlowLens.Core.Workflows;

namespace FlowLens.Cli.Bench;

/// <summary>
/// Runs every mode over the suite's TEST tasks and writes the report. Modes: <c>one-pass</c> (the meta-agent, one
/// call per task), <c>prior-only</c> (no model call to compose), <c>refine</c> and <c>bayesflow</c> (a one-off
/// search on the VALIDATION tasks; the chosen workflow then runs on each test task), and the plain baselines
/// <c>direct</c> (one draft, no workflow) and <c>self-consistency</c> (several drafts and a behavioural vote).
/// Every mode gets its own step cache, so no mode rides on another's cached steps. Finished work is appended
/// to <c>results.jsonl</c> at once and skipped on a rerun.
/// </summary>
internal sealed class BenchRunner
{
    private readonly BenchOptions _options;
    private readonly BenchServices _services;
    private readonly TimeProvider _time;
    private readonly IProgress<BenchProgress>? _progress;

    public BenchRunner(BenchOptions options, BenchServices services, TimeProvider time, IProgress<BenchProgress>? progress)
    {
        _options = options;
        _services = services;
        _time = time;
        _progress = progress;
    }

    /// <summary>Units of work per mode (a search counts as one), for progress bars.</summary>
    public static int Units(string mode, SuiteSplit split) => split.Test.Count + (IsSearch(mode) ? 1 : 0);

    public static bool IsSearch(string mode) => mode is "refine" or "bayesflow";

    public static SuiteSplit LoadSplit(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tasks = SuiteLoader.Load(options.Suite);
        if (options.Limit is { } limit)
        {
            tasks = tasks.Take(limit).ToList();
        }

        return SuiteSplit.Of(tasks, options.Seed);
    }

    public ExecutionOptions Execution => ExecutionOptions.Default with
    {
        Seed = _options.Seed,
        MaxOutputTokens = _options.MaxOutputTokens ?? (_services.IsSyntheticModel ? 64 : ExecutionOptions.Default.MaxOutputTokens),
    };

    public ComposerOptions Composer => ComposerOptions.Default with { Seed = _options.Seed, MaxOutputTokens = _options.MetaAgentMaxOutputTokens };

    public async Task<BenchReport> RunAsync(SuiteSplit split, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        Directory.CreateDirectory(_options.OutputDirectory);
        var log = new ResultsLog(Path.Combine(_options.OutputDirectory, "results.jsonl"));
        var cpu = new CpuClock(() => _services.Pool.WorkerProcessIds);
        var fresh = 0;
        foreach (var mode in _options.Modes)
        {
            var executor = new WorkflowExecutor(_services.Model, _services.ModelId, new StepCache(), _time);
            var done = 0;
            var units = Units(mode, split);
            IReadOnlyList<SelectedCapability>? searched = null;
            if (IsSearch(mode))
            {
                if (!log.Searches.TryGetValue(mode, out var record))
                {
                    _progress?.Report(new BenchProgress(mode, done, units, $"searching on {split.Validation.Count} validation task(s)"));
                    record = await SearchAsync(mode, executor, split.Validation, cpu, cancellationToken).ConfigureAwait(false);
                    log.Append(record);
                    fresh++;
                }

                searched = record.Selection;
                _progress?.Report(new BenchProgress(mode, ++done, units, "chose " + record.Workflow));
            }

            foreach (var task in split.Test)
            {
                if (!log.Tasks.ContainsKey((mode, task.Name)))
                {
                    var result = await RunTaskAsync(mode, executor, task, searched, cpu, cancellationToken).ConfigureAwait(false);
                    log.Append(result);
                    fresh++;
                }

                _progress?.Report(new BenchProgress(mode, ++done, units, task.Name));
            }
        }

        var report = BenchReport.Build(_options, _services, split, log, Execution, fresh);
        report.WriteTo(_options.OutputDirectory);
        return report;
    }

    private async Task<SearchRecord> SearchAsync(string mode, WorkflowExecutor executor, IReadOnlyList<BenchTask> validation, CpuClock cpu, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        var cpuStart = cpu.Read();
        var scorer = new ValidationScorer(executor, _services.Library, validation.Select(t => t.Target).ToList(), _services.Evaluator, Execution, _options.Settings.Reward);
        var problem = new SearchProblem(Describe(validation), scorer);
        IWorkflowSearch search = mode == "refine"
            ? new IterativeRefinement(_services.Model, _services.Library, Composer, RefinementOptions.Default with { Rounds = _options.RefineRounds, Seed = _options.Seed }, _time)
            : new BayesFlowSearch(
                _services.Model,
                _services.Library,
                Composer,
                BayesFlowOptions.Default with
                {
                    Particles = _options.BayesFlowParticles,
                    LookAhead = _options.BayesFlowLookAhead,
                    Refinements = _options.BayesFlowRefinements,
                    Rounds = _options.BayesFlowRounds,
                    Seed = _options.Seed,
                },
                _time);
        var result = await search.SearchAsync(problem, cancellationToken).ConfigureAwait(false);
        var c = result.Cost;
        return new SearchRecord(
            mode,
            result.Selection,
            WorkflowStitcher.Stitch(result.Selection, _services.Library).Label,
            result.ValidationReward,
            c.MetaAgentCalls,
            c.MetaAgentTokens,
            c.WorkerCalls,
            c.WorkerTokens,
            c.SandboxRuns,
            c.WorkflowsScored,
            _time.GetElapsedTime(start).TotalMilliseconds,
            CpuClock.SecondsBetween(cpuStart, cpu.Read()));
    }

    private async Task<TaskResult> RunTaskAsync(string mode, WorkflowExecutor executor, BenchTask task, IReadOnlyList<SelectedCapability>? searched, CpuClock cpu, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        var cpuStart = cpu.Read();
        var memo = new EvaluationMemo(_services.Evaluator);
        long metaTokens = 0;
        var metaCalls = 0;
        var workerTokens = 0L;
        var workerCalls = 0;
        var label = string.Empty;
        string? error = null;
        Core.Evaluation.EvaluationReport? report = null;
        try
        {
            IReadOnlyList<SelectedCapability> selected;
            switch (mode)
            {
                case "one-pass":
                    var composer = new MetaAgentComposer(_services.Model, _services.Library, _services.MetaAgentTemplate, PriorStore.InMemory(), ReplayBuffer.InMemory(), Composer);
                    var selection = await composer.ComposeAsync(task.Target, cancellationToken).ConfigureAwait(false);
                    (selected, metaTokens, metaCalls) = (selection.Selected, selection.PromptTokens + selection.OutputTokens, 1);
                    break;
                case "prior-only":
                    selected = new PriorOnlyComposer(_services.Library, PriorStore.InMemory(), Composer).Compose(task.Target, []).Selected;
                    break;
                case "direct":
                    selected = [Step("draft", ("n", 1))];
                    break;
                case "self-consistency":
                    selected = [Step("draft", ("n", _options.SelfConsistencySamples), ("temperature", 0.8)), Step("vote")];
                    break;
                case "refine" or "bayesflow":
                    selected = searched ?? [];
                    break;
                default:
                    throw new ArgumentException($"Unknown mode '{mode}': use {string.Join(", ", BenchOptions.AllModes)}.");
            }

            var workflow = WorkflowStitcher.Stitch(selected, _services.Library);
            label = workflow.Label;
            var result = await executor.ExecuteAsync(workflow, task.Target, memo, Execution, new HashSet<string>(), null, cancellationToken).ConfigureAwait(false);
            (workerTokens, workerCalls) = (result.Stats.Tokens, result.Stats.ModelCalls);
            if (result.Final is not null)
            {
                report = await memo.EvaluateAsync(task.Target, result.Final, [], cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = $"{e.GetType().Name}: {e.Message}";
        }

        return new TaskResult(
            mode,
            task.Name,
            TestScore.Passed(report),
            TestScore.PassRate(report),
            _time.GetElapsedTime(start).TotalMilliseconds,
            metaTokens,
            workerTokens,
            metaCalls + workerCalls,
            memo.SandboxRuns,
            CpuClock.SecondsBetween(cpuStart, cpu.Read()),
            label,
            error);
    }

    private SelectedCapability Step(string id, params (string Name, double Value)[] parameters)
    {
        var capability = _services.Library[id];
        var values = capability.Parameters.ToDictionary(p => p.Name, p => p.Default);
        foreach (var (name, value) in parameters)
        {
            values[name] = value;
        }

        return new SelectedCapability(id, 1, values);
    }

    /// <summary>What the meta-agent is told about the validation tasks it tunes for.</summary>
    private static string Describe(IReadOnlyList<BenchTask> validation) =>
        validation.Count == 0
            ? "(no validation tasks)"
            : $"{validation.Count} validation task(s) of one suite (C# methods tested by a program with asserts), for example:\n"
              + string.Join("\n", validation.Take(3).Select(t => $"- {Short(t.Target.Site.TaskText)}\n  {t.Target.Site.Signature}"));

    private static string Short(string text)
    {
        var line = text.Replace('\n', ' ');
        return line.Length <= 240 ? line : line[..240] + "...";
    }
}

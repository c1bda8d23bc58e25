using System.Globalization;
using FlowLens.Core;
using FlowLens.Core.Composition;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Generation;
using FlowLens.Core.Learning;
using FlowLens.Core.Search;
using FlowLens.Core.Workflows;

namespace FlowLens.Cli.Bench;

/// <summary>
/// Runs every mode over the suite's TEST tasks and writes the report. Modes: <c>one-pass</c> (the meta-agent, one
/// call per task), <c>one-pass+learn</c> (one-pass whose priors and replay buffer were first learned on the
/// VALIDATION tasks), <c>prior-only</c> (no model call to compose), <c>refine</c> and <c>bayesflow</c> (a one-off search
/// on the VALIDATION tasks, prompted with the same meta-agent template as one-pass; the chosen workflow then runs on
/// each test task), and the plain baselines <c>direct</c> (one draft) and <c>self-consistency</c> (several drafts and a
/// behavioural vote). Each task runs as the product runs it (<see cref="WorkflowEngine"/>: compose, execute,
/// attribute) on its VISIBLE target only; its final code is then graded once on the HIDDEN tests in a sandbox job of
/// its own. Every mode gets its own step cache, so no mode rides on another's cached steps. Up to
/// <see cref="BenchOptions.Parallel"/> tasks run at once. Finished work is appended to <c>results.jsonl</c> at once,
/// with the settings it was made with, and skipped on a rerun with the same settings.
/// </summary>
internal sealed class BenchRunner
{
    public const string LearnMode = "one-pass+learn";

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

    /// <summary>Units of work per mode (a search or a learning pass counts as one), for progress bars.</summary>
    public static int Units(string mode, SuiteSplit split) => split.Test.Count + (IsSearch(mode) || mode == LearnMode ? 1 : 0);

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

    /// <summary>What every row of this run records, and what a rerun into the same folder must match.</summary>
    public RunSettings Settings => new(
        _services.ModelId,
        _services.ModelHash,
        _services.Backend,
        _services.ServerUrl,
        _options.Seed,
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["suite"] = Path.GetFullPath(_options.Suite),
            ["limit"] = _options.Limit is { } limit ? limit.ToString(CultureInfo.InvariantCulture) : "all",
            ["workerMaxOutputTokens"] = Execution.MaxOutputTokens.ToString(CultureInfo.InvariantCulture),
            ["metaAgentMaxOutputTokens"] = _options.MetaAgentMaxOutputTokens.ToString(CultureInfo.InvariantCulture),
            ["refineRounds"] = _options.RefineRounds.ToString(CultureInfo.InvariantCulture),
            ["bayesflow"] = string.Create(CultureInfo.InvariantCulture, $"N={_options.BayesFlowParticles} K={_options.BayesFlowLookAhead} M={_options.BayesFlowRefinements} T={_options.BayesFlowRounds}"),
            ["selfConsistencySamples"] = _options.SelfConsistencySamples.ToString(CultureInfo.InvariantCulture),
            ["attribution"] = _options.Attribution,
        },
        BenchServices.Version);

    private string ResultsPath => Path.Combine(_options.OutputDirectory, "results.jsonl");

    private string LearnedStateDirectory => Path.Combine(_options.OutputDirectory, "learned-state");

    public async Task<BenchReport> RunAsync(SuiteSplit split, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        Directory.CreateDirectory(_options.OutputDirectory);
        if (_options.Fresh)
        {
            File.Delete(ResultsPath);
            if (Directory.Exists(LearnedStateDirectory))
            {
                Directory.Delete(LearnedStateDirectory, recursive: true);
            }
        }

        var log = new ResultsLog(ResultsPath);
        var settings = Settings;
        if (log.Conflict(settings) is { } conflict)
        {
            throw new InvalidDataException(conflict);
        }

        var cpu = new CpuClock(() => _services.WorkerProcessIds);
        var fresh = 0;
        long freshTokens = 0;
        var wallStart = _time.GetTimestamp();
        foreach (var mode in _options.Modes)
        {
            var cache = new StepCache();
            var done = 0;
            var units = Units(mode, split);
            IReadOnlyList<SelectedCapability>? searched = null;
            (PriorStore Priors, ReplayBuffer Replay)? learned = null;
            if (IsSearch(mode) || mode == LearnMode)
            {
                if (!log.Searches.TryGetValue(mode, out var record))
                {
                    _progress?.Report(new BenchProgress(mode, done, units, $"{(mode == LearnMode ? "learning" : "searching")} on {split.Validation.Count} validation task(s)"));
                    record = (mode == LearnMode
                        ? await LearnAsync(cache, split.Validation, cpu, cancellationToken).ConfigureAwait(false)
                        : await SearchAsync(mode, cache, split.Validation, cpu, cancellationToken).ConfigureAwait(false)) with { Settings = settings };
                    log.Append(record);
                    fresh++;
                    freshTokens += record.MetaAgentTokens + record.WorkerTokens;
                }

                searched = record.Selection;
                if (mode == LearnMode)
                {
                    learned = (PriorStore.Open(LearnedStateDirectory), ReplayBuffer.Open(LearnedStateDirectory));
                }

                _progress?.Report(new BenchProgress(mode, ++done, units, (mode == LearnMode ? "learned: " : "chose ") + record.Workflow));
            }

            // Decided before any task starts: the log's dictionaries are written while tasks run.
            var pending = split.Test.Where(t => !log.Tasks.ContainsKey((mode, t.Name))).ToList();
            foreach (var task in split.Test.Except(pending))
            {
                _progress?.Report(new BenchProgress(mode, ++done, units, task.Name));
            }

            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallel), CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(pending, parallel, async (task, token) =>
            {
                var result = await RunTaskAsync(mode, searched, learned, cache, task, cpu, token).ConfigureAwait(false) with { Settings = settings };
                log.Append(result);
                Interlocked.Increment(ref fresh);
                Interlocked.Add(ref freshTokens, result.MetaAgentTokens + result.WorkerTokens);
                _progress?.Report(new BenchProgress(mode, Interlocked.Increment(ref done), units, task.Name));
            }).ConfigureAwait(false);
        }

        var throughput = new BenchThroughput(
            Math.Max(1, _options.Parallel),
            _services.Gate?.Limit,
            _services.Gate?.PeakInFlight,
            _time.GetElapsedTime(wallStart).TotalSeconds,
            freshTokens);
        var report = BenchReport.Build(_options, _services, split, log, Execution, fresh, throughput, settings);
        report.WriteTo(_options.OutputDirectory);
        return report;
    }

    /// <summary>The composer a mode runs on one task, asking the task's own metered model.</summary>
    private IComposer ComposerFor(string mode, MeteredChatClient model, IReadOnlyList<SelectedCapability>? searched, (PriorStore Priors, ReplayBuffer Replay)? learned) => mode switch
    {
        "one-pass" => new MetaAgentComposer(model, _services.Library, _services.MetaAgentTemplate, PriorStore.InMemory(), ReplayBuffer.InMemory(), Composer),
        LearnMode when learned is { } state => new MetaAgentComposer(model, _services.Library, _services.MetaAgentTemplate, state.Priors, state.Replay, Composer),
        "prior-only" => new PriorOnlyComposer(_services.Library, PriorStore.InMemory(), Composer),
        "direct" => new FixedComposer(mode, [Step("draft", ("n", 1))]),
        "self-consistency" => new FixedComposer(mode, [Step("draft", ("n", _options.SelfConsistencySamples), ("temperature", 0.8)), Step("vote")]),
        "refine" or "bayesflow" => new FixedComposer(mode, searched ?? []),
        _ => throw new ArgumentException($"Unknown mode '{mode}': use {string.Join(", ", BenchOptions.AllModes)}."),
    };

    private WorkflowEngine Engine(IComposer composer, MeteredChatClient model, CountingEvaluator evaluator, StepCache cache, PriorStore priors, ReplayBuffer replay, LearningMode learning) => new(
        _services.Library,
        composer,
        model,
        _services.ModelId,
        evaluator,
        priors,
        replay,
        cache,
        new GeneratorStatus(true, _services.ModelId, _services.Backend, _services.Device, _services.IsSyntheticModel),
        new WorkflowEngineOptions { Execution = Execution, AttributionMode = _options.Attribution, Learning = learning },
        _time);

    private async Task<TaskResult> RunTaskAsync(
        string mode,
        IReadOnlyList<SelectedCapability>? searched,
        (PriorStore Priors, ReplayBuffer Replay)? learned,
        StepCache cache,
        BenchTask task,
        CpuClock cpu,
        CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        var cpuStart = cpu.Read();
        var model = new MeteredChatClient(_services.Model, _services.Backend == "local");
        var evaluator = new CountingEvaluator(_services.Evaluator);
        var composer = new RecordingComposer(ComposerFor(mode, model, searched, learned));
        string? error = null;
        WorkflowRun? run = null;
        EvaluationReport? grade = null;
        var gradingRuns = 0;
        try
        {
            // The workflow, its evaluations and its attribution see the VISIBLE target only.
            run = await Engine(composer, model, evaluator, cache, PriorStore.InMemory(), ReplayBuffer.InMemory(), LearningMode.ReadOnly)
                .GenerateAsync(task.Target, null, cancellationToken).ConfigureAwait(false);
            if (run.FinalCandidate is { } candidate)
            {
                // Graded once, on the hidden tests, in a job of its own (not through the workflow's memo).
                gradingRuns = 1;
                grade = await _services.Evaluator.EvaluateAsync(new EvaluationRequest(task.Graded.ForGrading(), candidate, []), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = $"{e.GetType().Name}: {e.Message}";
        }

        var selection = composer.Last;
        var fallback = selection is { } chosen && chosen.Composer.Contains("fallback", StringComparison.Ordinal)
            ? chosen.Repairs.FirstOrDefault(r => r.StartsWith("rejected", StringComparison.Ordinal)) ?? chosen.Composer
            : null;
        return new TaskResult(
            mode,
            task.Name,
            TestScore.Passed(grade),
            TestScore.PassRate(grade),
            _time.GetElapsedTime(start).TotalMilliseconds,
            model.MetaAgentTokens,
            model.WorkerTokens,
            model.MetaAgentCalls + model.WorkerCalls,
            evaluator.Runs,
            CpuClock.SecondsBetween(cpuStart, cpu.Read()),
            selection is null ? string.Empty : WorkflowStitcher.Stitch(selection.Selected, _services.Library).Label,
            error)
        {
            Composer = selection?.Composer ?? mode,
            FallbackReason = fallback,
            Selection = selection is null ? string.Empty : SearchPrompts.Describe(selection.Selected),
            VisiblePassRate = TestScore.VisiblePassRate(run?.FinalReport),
            GradingRuns = gradingRuns,
            MetaAgentOutputTokens = model.MetaAgentOutputTokens,
            AttributionMethod = run?.Metrics?.AttributionMethod ?? _options.Attribution,
            Attribution = run?.Contributions.Select(c => c.Label).ToList() ?? [],
            CodeHash = run?.FinalMethodBody is { } code ? ContentHash.Of(code) : null,
        };
    }

    /// <summary>
    /// one-pass+learn's learning pass: one-pass with attribution on each VALIDATION task in turn (in suite order, so
    /// the result does not depend on timing), feeding the priors and the replay buffer it then composes the test tasks
    /// with. They are kept beside the results, so a resumed run composes with the same state.
    /// </summary>
    private async Task<SearchRecord> LearnAsync(StepCache cache, IReadOnlyList<BenchTask> validation, CpuClock cpu, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        var cpuStart = cpu.Read();
        if (Directory.Exists(LearnedStateDirectory))
        {
            Directory.Delete(LearnedStateDirectory, recursive: true); // left by an interrupted learning pass
        }

        var priors = PriorStore.Open(LearnedStateDirectory);
        var replay = ReplayBuffer.Open(LearnedStateDirectory);
        var model = new MeteredChatClient(_services.Model, _services.Backend == "local");
        var evaluator = new CountingEvaluator(_services.Evaluator);
        var scores = new List<double>();
        foreach (var task in validation)
        {
            var composer = new MetaAgentComposer(model, _services.Library, _services.MetaAgentTemplate, priors, replay, Composer);
            try
            {
                var run = await Engine(composer, model, evaluator, cache, priors, replay, LearningMode.UpdatePriors)
                    .GenerateAsync(task.Target, null, cancellationToken).ConfigureAwait(false);
                scores.Add(TestScore.VisiblePassRate(run.FinalReport));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                scores.Add(0);
            }
        }

        return new SearchRecord(
            LearnMode,
            [],
            string.Create(CultureInfo.InvariantCulture, $"priors and replay buffer from {validation.Count} validation task(s) ({replay.Entries.Count} replay entries)"),
            scores.Count == 0 ? 0 : scores.Average(),
            model.MetaAgentCalls,
            model.MetaAgentTokens,
            model.WorkerCalls,
            model.WorkerTokens,
            evaluator.Runs,
            validation.Count,
            _time.GetElapsedTime(start).TotalMilliseconds,
            CpuClock.SecondsBetween(cpuStart, cpu.Read()));
    }

    private async Task<SearchRecord> SearchAsync(string mode, StepCache cache, IReadOnlyList<BenchTask> validation, CpuClock cpu, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        var cpuStart = cpu.Read();
        var model = new MeteredChatClient(_services.Model, _services.Backend == "local");
        var executor = new WorkflowExecutor(model, _services.ModelId, cache, _time);
        var scorer = new ValidationScorer(executor, _services.Library, validation.Select(t => t.Target).ToList(), _services.Evaluator, Execution, _options.Settings.Reward);
        var problem = new SearchProblem(Describe(validation), scorer) { MetaAgentPrompt = MetaAgentPrompt(validation) };
        IWorkflowSearch search = mode == "refine"
            ? new IterativeRefinement(model, _services.Library, Composer, RefinementOptions.Default with { Rounds = _options.RefineRounds, Seed = _options.Seed }, _time)
            : new BayesFlowSearch(
                model,
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

    /// <summary>
    /// The one-pass meta-agent prompt (same template, library, priors and exemplars as one-pass, which starts from fresh
    /// priors too), filled for the validation tasks as a whole: a search differs from one-pass only in the search.
    /// </summary>
    private string? MetaAgentPrompt(IReadOnlyList<BenchTask> validation)
    {
        if (validation.Count == 0)
        {
            return null;
        }

        var first = validation[0].Target;
        var target = first with { Site = first.Site with { TaskText = Describe(validation), Signature = "(each task has its own; see the tasks above)" } };
        return new MetaAgentComposer(_services.Model, _services.Library, _services.MetaAgentTemplate, PriorStore.InMemory(), ReplayBuffer.InMemory(), Composer).BuildPrompt(target);
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

    /// <summary>What the meta-agent is told about the validation tasks it tunes for (their visible text only).</summary>
    private static string Describe(IReadOnlyList<BenchTask> validation) =>
        validation.Count == 0
            ? "(no validation tasks)"
            : $"{validation.Count} validation task(s) of one suite (C# methods checked by the examples in their comments), for example:\n"
              + string.Join("\n", validation.Take(3).Select(t => $"- {Short(t.Target.Site.TaskText)}\n  {t.Target.Site.Signature}"));

    private static string Short(string text)
    {
        var line = text.Replace('\n', ' ');
        return line.Length <= 240 ? line : line[..240] + "...";
    }
}

using System.Globalization;
using FlowLens.Core.Attribution;
using FlowLens.Core.Capabilities;
using FlowLens.Core.Composition;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Learning;
using FlowLens.Core.Tasks;
using FlowLens.Core.Workflows;
using Microsoft.Extensions.AI;

namespace FlowLens.Core.Generation;

/// <summary>
/// "Generate workflow": compose in one pass, stitch, execute and evaluate the result on the user's tests (stage 1,
/// reported at once), then attribute each capability counterfactually and learn from it (stage 2). Everything it needs arrives through its constructor, so the
/// composition root decides the model backend and the sandbox.
/// </summary>
public sealed class WorkflowEngine : IWorkflowGenerator
{
    private readonly CapabilityLibrary _library;
    private readonly IComposer _composer;
    private readonly WorkflowExecutor _executor;
    private readonly ICandidateEvaluator _evaluator;
    private readonly PriorStore _priors;
    private readonly ReplayBuffer _replay;
    private readonly WorkflowEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly IAsyncDisposable? _owned;
    private readonly TrajectoryLog _trajectories;

    public WorkflowEngine(
        CapabilityLibrary library,
        IComposer composer,
        IChatClient worker,
        string modelId,
        ICandidateEvaluator evaluator,
        PriorStore priors,
        ReplayBuffer replay,
        StepCache cache,
        GeneratorStatus status,
        WorkflowEngineOptions options,
        TimeProvider time,
        IAsyncDisposable? owned = null,
        TrajectoryLog? trajectories = null)
    {
        _trajectories = trajectories ?? TrajectoryLog.None;
        _library = library;
        _composer = composer;
        _executor = new WorkflowExecutor(worker, modelId, cache, time);
        _evaluator = evaluator;
        _priors = priors;
        _replay = replay;
        _options = options;
        _time = time;
        _owned = owned;
        Status = status;
    }

    public GeneratorStatus Status { get; }

    public CapabilityLibrary Library => _library;

    /// <summary>Both stages in one call: the result, then its attribution.</summary>
    public Task<WorkflowRun> GenerateAsync(TaskTarget target, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken) =>
        WorkflowGeneration.GenerateAsync(this, target, progress, cancellationToken);

    public async Task<StagedRun> StartAsync(TaskTarget target, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var start = _time.GetTimestamp();
        progress?.Report(new WorkflowProgress(2, $"result: composing with {_composer.Name}"));

        // A fresh seed per run makes "Generate" again a fresh attempt; the step cache is keyed by the seed.
        var execution = _options.SampleSeedPerRun ? _options.Execution with { Seed = Random.Shared.Next() } : _options.Execution;
        var selection = await _composer.ComposeAsync(target, execution.Seed, cancellationToken).ConfigureAwait(false);
        var workflow = WorkflowStitcher.Stitch(selection.Selected, _library);
        progress?.Report(new WorkflowProgress(10, "result: composed " + workflow.Label));

        var evaluations = new EvaluationMemo(_evaluator);
        var done = 0;
        var executionStart = _time.GetTimestamp();
        var executionSpan = WorkflowProgress.ResultDone - 15;
        var full = await _executor.ExecuteAsync(
            workflow,
            target,
            evaluations,
            execution,
            new HashSet<string>(),
            trace => progress?.Report(new WorkflowProgress(10 + (executionSpan * Interlocked.Increment(ref done) / Math.Max(1, workflow.Steps.Count)), $"result: {trace.Label}: {trace.Outcome}")),
            cancellationToken).ConfigureAwait(false);
        progress?.Report(new WorkflowProgress(WorkflowProgress.ResultDone - 4, "result: testing the final candidate"));
        var fullOutcome = await ScoreAsync(target, full, evaluations, cancellationToken).ConfigureAwait(false);
        var executionMs = _time.GetElapsedTime(executionStart).TotalMilliseconds;

        var at = _time.GetUtcNow();
        var runId = ContentHash.Of(target.Id, at.ToString("O", CultureInfo.InvariantCulture))[..12];
        var steps = workflow.Steps.Zip(full.Traces, (s, t) => new WorkflowRunStep(s.Id, s.Capability.Id, s.Label, t.Prompt, t.Output, t.Milliseconds, t.ModelCalls, t.Tokens, t.CacheHit, t.Outcome, t.Context)).ToList();
        var reward = MultiPurposeReward.Compute(fullOutcome.Score, full.FinalBody, full.FinalCandidates.Select(c => c.Key).ToList(), full.Stats, _options.Reward);
        var resultDuration = _time.GetElapsedTime(start);
        var metrics = new RunMetrics(
            selection.Composer,
            selection.PromptTokens,
            selection.OutputTokens,
            selection.Latency.TotalMilliseconds,
            selection.Repairs,
            workflow.Notes,
            full.Stats.ModelCalls,
            full.Stats.Tokens,
            full.Stats.SandboxRuns,
            executionMs,
            _options.AttributionMode,
            0,
            0,
            0,
            0,
            reward,
            selection.Weights,
            selection.Fallback,
            resultDuration.TotalMilliseconds);
        var notice = Status.IsSyntheticModel
            ? "The model is a tiny random-weight test model: the generated code is meaningless. Configure a real GGUF model (--model PATH or FLOWLENS_MODEL) for real results."
            : null;
        var result = new WorkflowRun(
            RunId: runId,
            TaskId: target.Id,
            Steps: steps,
            FinalMethodBody: full.FinalBody,
            FinalCandidate: full.Final,
            FinalReport: fullOutcome.Report,
            Contributions: [],
            Mermaid: WorkflowGraph.ToMermaid(workflow, []),
            Duration: resultDuration,
            Generator: Status,
            Notice: notice,
            Metrics: metrics)
        {
            Seed = execution.Seed,
        };
        progress?.Report(new WorkflowProgress(WorkflowProgress.ResultDone, $"result ready ({result.Summary}); attributing"));

        // The second stage reuses this run's memo and step cache, so only steps downstream of a removed capability cost anything.
        async Task<WorkflowRun> AttributeStageAsync(IProgress<WorkflowProgress>? attributionProgress, CancellationToken attributionToken)
        {
            var attributionStart = _time.GetTimestamp();

            // The rest of the tests run beside attribution, so they cost the user no time the lenses did not already take.
            var others = _options.RunOtherTests && full.Final is { } final && fullOutcome.Report is { } selected
                ? OtherTestsReport.RunAsync(_evaluator, target, final, selected, attributionToken)
                : Task.FromResult<OtherTestsReport?>(null);
            var attribution = await AttributeAsync(workflow, target, evaluations, execution, fullOutcome, attributionProgress, attributionToken).ConfigureAwait(false);
            var attributionMs = _time.GetElapsedTime(attributionStart).TotalMilliseconds;
            var otherTests = await others.ConfigureAwait(false);
            Learn(target, selection, workflow, full, fullOutcome, reward, attribution, runId, at);
            attributionProgress?.Report(new WorkflowProgress(100, "done"));
            return result with
            {
                Contributions = attribution.Contributions,
                OtherTests = otherTests,
                Mermaid = WorkflowGraph.ToMermaid(workflow, attribution.Contributions),
                Duration = _time.GetElapsedTime(start),
                Metrics = metrics with
                {
                    AttributionMethod = attribution.Method,
                    AttributionRuns = attribution.Runs,
                    AttributionExtraModelCalls = attribution.ExtraModelCalls,
                    AttributionCacheHitRatio = attribution.CacheHitRatio,
                    AttributionMilliseconds = attributionMs,
                },
            };
        }

        return new StagedRun(result, workflow.CapabilityIds, AttributeStageAsync);
    }

    /// <summary>Teaches the priors, the replay buffer and the trajectory log from a finished attribution.</summary>
    private void Learn(TaskTarget target, CapabilitySelection selection, Workflow workflow, ExecutionResult full, CoalitionOutcome fullOutcome, RewardBreakdown reward, AttributionReport attribution, string runId, DateTimeOffset at)
    {
        if (_options.Learning != LearningMode.UpdatePriors)
        {
            return;
        }

        var features = TaskFeatures.Of(target);
        if (attribution.Contributions.Count > 0)
        {
            _priors.Observe(features.Kind, attribution.Contributions.Select(c => (_library[c.CapabilityId], c.Delta)));
            _replay.Add(new ReplayEntry(target.Id, features.Kind, workflow.Description, workflow.CapabilityIds, fullOutcome.Score, _time.GetUtcNow()) { TaskText = target.Site.TaskText });
        }

        _trajectories.Add(new Trajectory(
            runId,
            target.Id,
            target.Site.TaskText,
            target.Site.Signature,
            features.Kind,
            selection.Composer,
            selection.Weights,
            workflow.Label,
            full.Traces.Select(t => new TrajectoryStep(t.CapabilityId, t.Label, t.Prompt, t.Output, t.Outcome, t.Milliseconds, t.Tokens, t.CacheHit)).ToList(),
            fullOutcome.Score,
            reward,
            attribution.Contributions.ToDictionary(c => c.CapabilityId, c => c.Delta),
            at));
    }

    private async Task<AttributionReport> AttributeAsync(
        Workflow workflow, TaskTarget target, EvaluationMemo evaluations, ExecutionOptions execution, CoalitionOutcome full, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        var capabilities = workflow.CapabilityIds;
        async Task<CoalitionOutcome> Run(IReadOnlySet<string> disabled, CancellationToken ct)
        {
            var result = await _executor.ExecuteAsync(workflow, target, evaluations, execution, disabled, null, ct).ConfigureAwait(false);
            return await ScoreAsync(target, result, evaluations, ct).ConfigureAwait(false);
        }

        if (full.Report is { Compiled: true, RanNothing: true })
        {
            // Every coalition would score zero: there is no contribution to measure, and saying "no effect" would mislead.
            return new AttributionReport("skipped: no test and no example ran, so there is nothing to attribute", [], 0, 0, 0);
        }

        var report = new InlineProgress<(int Done, int Total, string Capability)>(p => progress?.Report(new WorkflowProgress(WorkflowProgress.ResultDone + ((95 - WorkflowProgress.ResultDone) * p.Done / Math.Max(1, p.Total)), $"attributing: without {p.Capability}")));
        var coalitions = new CoalitionRunOptions(_options.AttributionConcurrency, report);
        return _options.AttributionMode switch
        {
            "off" => new AttributionReport("off", [], 0, 0, 0),
            "shapley" when capabilities.Count <= _options.ExactShapleyLimit => await CounterfactualAttribution.ExactShapleyAsync(capabilities, full, Run, coalitions, cancellationToken).ConfigureAwait(false),
            "shapley" => await CounterfactualAttribution.SampledShapleyAsync(capabilities, full, Run, _options.ShapleyPermutations, new Random(execution.Seed), coalitions, cancellationToken).ConfigureAwait(false),
            _ => await CounterfactualAttribution.LeaveOneOutAsync(capabilities, full, Run, coalitions, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>The workflow's score: the final candidate's pass rate on the user's tests and comment examples.</summary>
    private static async Task<CoalitionOutcome> ScoreAsync(TaskTarget target, ExecutionResult result, EvaluationMemo evaluations, CancellationToken cancellationToken)
    {
        if (result.Final is null)
        {
            return new CoalitionOutcome(0, null, result.Stats);
        }

        var report = await evaluations.EvaluateAsync(target, result.Final, [], cancellationToken).ConfigureAwait(false);
        return new CoalitionOutcome(report.PassRate, report, result.Stats);
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned is not null)
        {
            await _owned.DisposeAsync().ConfigureAwait(false);
        }
    }
}

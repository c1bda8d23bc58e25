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
/// "Generate workflow": compose in one pass, stitch, execute, evaluate the result on the user's tests, attribute
/// each capability counterfactually, and learn from it. Everything it needs arrives through its constructor, so the
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

    public async Task<WorkflowRun> GenerateAsync(TaskTarget target, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var start = _time.GetTimestamp();
        progress?.Report(new WorkflowProgress(2, $"composing with {_composer.Name}"));

        // A fresh seed per run makes "Generate" again a fresh attempt; the step cache is keyed by the seed.
        var execution = _options.SampleSeedPerRun ? _options.Execution with { Seed = Random.Shared.Next() } : _options.Execution;
        var selection = await _composer.ComposeAsync(target, execution.Seed, cancellationToken).ConfigureAwait(false);

        var workflow = WorkflowStitcher.Stitch(selection.Selected, _library);
        progress?.Report(new WorkflowProgress(10, "composed: " + workflow.Label));

        var evaluations = new EvaluationMemo(_evaluator);
        var done = 0;
        var executionStart = _time.GetTimestamp();
        var full = await _executor.ExecuteAsync(
            workflow,
            target,
            evaluations,
            execution,
            new HashSet<string>(),
            trace => progress?.Report(new WorkflowProgress(10 + (40 * Interlocked.Increment(ref done) / Math.Max(1, workflow.Steps.Count)), $"{trace.Label}: {trace.Outcome}")),
            cancellationToken).ConfigureAwait(false);
        var fullOutcome = await ScoreAsync(target, full, evaluations, cancellationToken).ConfigureAwait(false);
        var executionMs = _time.GetElapsedTime(executionStart).TotalMilliseconds;

        progress?.Report(new WorkflowProgress(50, "attributing"));
        var attributionStart = _time.GetTimestamp();
        var attribution = await AttributeAsync(workflow, target, evaluations, execution, fullOutcome, progress, cancellationToken).ConfigureAwait(false);
        var attributionMs = _time.GetElapsedTime(attributionStart).TotalMilliseconds;

        var features = TaskFeatures.Of(target);
        var reward = MultiPurposeReward.Compute(fullOutcome.Score, full.FinalBody, full.FinalCandidates.Select(c => c.Key).ToList(), full.Stats, _options.Reward);
        if (_options.Learning == LearningMode.UpdatePriors && attribution.Contributions.Count > 0)
        {
            _priors.Observe(features.Kind, attribution.Contributions.Select(c => (_library[c.CapabilityId], c.Delta)));
            _replay.Add(new ReplayEntry(target.Id, features.Kind, workflow.Description, workflow.CapabilityIds, fullOutcome.Score, _time.GetUtcNow()) { TaskText = target.Site.TaskText });
        }

        var at = _time.GetUtcNow();
        var runId = ContentHash.Of(target.Id, at.ToString("O", CultureInfo.InvariantCulture))[..12];
        if (_options.Learning == LearningMode.UpdatePriors)
        {
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

        progress?.Report(new WorkflowProgress(100, "done"));
        var steps = workflow.Steps.Zip(full.Traces, (s, t) => new WorkflowRunStep(s.Id, s.Capability.Id, s.Label, t.Prompt, t.Output, t.Milliseconds, t.ModelCalls, t.Tokens, t.CacheHit, t.Outcome, t.Context)).ToList();
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
            attribution.Method,
            attribution.Runs,
            attribution.ExtraModelCalls,
            attribution.CacheHitRatio,
            attributionMs,
            reward,
            selection.Weights,
            selection.Fallback);
        var notice = Status.IsSyntheticModel
            ? "The model is a tiny random-weight test model: the generated code is meaningless. Configure a real GGUF model (--model PATH or FLOWLENS_MODEL) for real results."
            : null;
        return new WorkflowRun(
            RunId: runId,
            TaskId: target.Id,
            Steps: steps,
            FinalMethodBody: full.FinalBody,
            FinalCandidate: full.Final,
            FinalReport: fullOutcome.Report,
            Contributions: attribution.Contributions,
            Mermaid: WorkflowGraph.ToMermaid(workflow, attribution.Contributions),
            Duration: _time.GetElapsedTime(start),
            Generator: Status,
            Notice: notice,
            Metrics: metrics)
        {
            Seed = execution.Seed,
        };
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

        var report = new InlineProgress<(int Done, int Total, string Capability)>(p => progress?.Report(new WorkflowProgress(50 + (45 * p.Done / Math.Max(1, p.Total)), $"attributing: without {p.Capability}")));
        return _options.AttributionMode switch
        {
            "off" => new AttributionReport("off", [], 0, 0, 0),
            "shapley" when capabilities.Count <= _options.ExactShapleyLimit => await CounterfactualAttribution.ExactShapleyAsync(capabilities, full, Run, report, cancellationToken).ConfigureAwait(false),
            "shapley" => await CounterfactualAttribution.SampledShapleyAsync(capabilities, full, Run, _options.ShapleyPermutations, new Random(execution.Seed), cancellationToken).ConfigureAwait(false),
            _ => await CounterfactualAttribution.LeaveOneOutAsync(capabilities, full, Run, report, cancellationToken).ConfigureAwait(false),
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

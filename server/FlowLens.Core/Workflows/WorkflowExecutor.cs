using System.Collections.Concurrent;
using System.Globalization;
using FlowLens.Core.Capabilities;
using FlowLens.Core.Context;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;
using Microsoft.Extensions.AI;

namespace FlowLens.Core.Workflows;

/// <summary>
/// Runs a stitched workflow. Steps whose dependencies are done run in parallel; every step's output is memoised by
/// a content hash of what it depends on, so re-running with one capability disabled (attribution) recomputes only
/// the steps downstream of it. A disabled step passes its input through (a producer with no input produces
/// nothing), and a step whose required input is missing does the same.
/// </summary>
public sealed partial class WorkflowExecutor
{
    private readonly IChatClient _model;
    private readonly string _modelId;
    private readonly StepCache _cache;
    private readonly TimeProvider _time;
    private readonly Lock _contextGate = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<CachedStep>>> _inFlight = new(StringComparer.Ordinal);
    private (TaskTarget Target, ITaskContextSource Source, Task<TaskContext> Context)? _lastContext;

    public WorkflowExecutor(IChatClient model, string modelId, StepCache cache, TimeProvider time)
    {
        _model = model;
        _modelId = modelId;
        _cache = cache;
        _time = time;
    }

    public async Task<ExecutionResult> ExecuteAsync(
        Workflow workflow,
        TaskTarget target,
        EvaluationMemo evaluations,
        ExecutionOptions options,
        IReadOnlySet<string> disabled,
        Action<StepTrace>? onStep,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(evaluations);
        ArgumentNullException.ThrowIfNull(options);
        var meter = new BudgetMeter(options.Budget ?? ExecutionBudget.Default, _time);
        var runsBefore = evaluations.SandboxRuns;
        var traces = new StepTrace?[workflow.Steps.Count];
        var outputs = new Dictionary<string, Task<StepArtefacts>>();
        var cacheHits = 0;
        var workspace = await ContextOf(target, options, cancellationToken).ConfigureAwait(false);

        for (var i = 0; i < workflow.Steps.Count; i++)
        {
            var index = i;
            var step = workflow.Steps[i];
            // In workflow order, so that Merge lets the nearest producer of each artefact win.
            var dependencies = workflow.Steps.Take(i).Where(s => step.DependsOn.Contains(s.Id)).Select(s => (s.Id, Task: outputs[s.Id])).ToList();
            outputs[step.Id] = Task.Run(
                async () =>
                {
                    var inputs = new List<(string Id, StepArtefacts Artefacts)>();
                    foreach (var (id, task) in dependencies)
                    {
                        inputs.Add((id, await task.ConfigureAwait(false)));
                    }

                    var context = new StepContext(step, target, workspace, Merge(inputs), evaluations, options, meter, cancellationToken);
                    var (artefacts, trace) = await RunStepAsync(context, disabled.Contains(step.Capability.Id)).ConfigureAwait(false);
                    if (trace.CacheHit)
                    {
                        Interlocked.Increment(ref cacheHits);
                    }

                    traces[index] = trace;
                    onStep?.Invoke(trace);
                    return artefacts;
                },
                cancellationToken);
        }

        await Task.WhenAll(outputs.Values).ConfigureAwait(false);
        var last = workflow.Steps.LastOrDefault(s => s.Capability.Outputs.Contains(ArtefactType.Candidates));
        var candidates = last is null ? [] : (await outputs[last.Id].ConfigureAwait(false)).Candidates ?? [];
        var tested = new List<StepArtefacts>();
        foreach (var step in workflow.Steps)
        {
            tested.Add(await outputs[step.Id].ConfigureAwait(false));
        }

        var final = await BestCandidateAsync(candidates, tested, target, evaluations, cancellationToken).ConfigureAwait(false);
        var stats = new ExecutionStats(meter.Calls, meter.Tokens, evaluations.SandboxRuns - runsBefore, workflow.Steps.Count, cacheHits);
        return new ExecutionResult(final, candidates, traces.Select(t => t!).ToList(), stats);
    }

    /// <summary>
    /// The run's answer: test results dominate every selection, so the candidate with the best results seen in any
    /// step's output wins over the last step's choice; the last step's own order breaks ties. A step that reorders
    /// or rewrites candidates (vote, llm-select, revise, simplify) can therefore never hand back a worse one than a
    /// repair already found. When nothing was tested, the last step's choice stands untested.
    /// </summary>
    private static async Task<CandidateEdit?> BestCandidateAsync(
        IReadOnlyList<CandidateEdit> lastCandidates, List<StepArtefacts> outputs, TaskTarget target, EvaluationMemo evaluations, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<CandidateEdit, EvaluationReport>();
        foreach (var output in outputs)
        {
            if (output.Candidates is { } candidates && output.Results is { } results)
            {
                foreach (var (candidate, report) in candidates.Zip(results))
                {
                    if (!seen.TryGetValue(candidate, out var known) || Rank(report) > Rank(known))
                    {
                        seen[candidate] = report;
                    }
                }
            }
        }

        var choice = lastCandidates.FirstOrDefault();
        if (seen.Count == 0 || choice is null)
        {
            return choice;
        }

        var choiceReport = seen.TryGetValue(choice, out var r) ? r : await evaluations.EvaluateAsync(target, choice, [], cancellationToken).ConfigureAwait(false);
        var bestRank = Math.Max(Rank(choiceReport), seen.Values.Max(Rank));
        if (Rank(choiceReport) >= bestRank)
        {
            return choice;
        }

        return lastCandidates.FirstOrDefault(c => seen.TryGetValue(c, out var x) && Rank(x) >= bestRank)
            ?? seen.First(p => Rank(p.Value) >= bestRank).Key;
    }

    /// <summary>The user's pass rate first, then "at least it compiles".</summary>
    private static double Rank(EvaluationReport report) => report.PassRate + (report.Compiled ? 1e-6 : 0);

    /// <summary>
    /// A step's inputs: for each type it reads, the artefact of the nearest dependency that has one. Results travel
    /// only with the candidates they were computed for, so a repair's new candidates never carry stale results.
    /// </summary>
    private static StepArtefacts Merge(List<(string Id, StepArtefacts Artefacts)> inputs)
    {
        var merged = StepArtefacts.Empty;
        foreach (var (_, a) in inputs)
        {
            merged = new StepArtefacts(
                a.Plan ?? merged.Plan,
                a.Checks ?? merged.Checks,
                a.Candidates ?? merged.Candidates,
                a.Candidates is not null ? a.Results : merged.Results,
                a.Review ?? merged.Review);
        }

        return merged;
    }

    private async Task<(StepArtefacts Artefacts, StepTrace Trace)> RunStepAsync(StepContext context, bool disabled)
    {
        var step = context.Step;
        if (disabled)
        {
            return (PassThrough(step, context.Inputs), Trace(step, "skipped: removed for attribution", skipped: true));
        }

        var missing = step.Capability.Inputs.FirstOrDefault(t => t != ArtefactType.Task && !Has(context.Inputs, t));
        if (missing != default)
        {
            return (PassThrough(step, context.Inputs), Trace(step, $"skipped: no {Capability.Name(missing)}", skipped: true));
        }

        var key = CacheKey(context);
        var persistent = step.Capability.Kind == CapabilityKind.Llm;
        while (true)
        {
            if (_cache.TryGet(key, persistent, out var cached))
            {
                return (cached.Outputs, AsHit(cached.Trace, step));
            }

            // Concurrent runs (attribution's coalitions) that reach the same step wait for one computation of it.
            var mine = new Lazy<Task<CachedStep>>(() => ComputeAsync(context, key, persistent));
            var flight = _inFlight.GetOrAdd(key, mine);
            if (ReferenceEquals(flight, mine))
            {
                try
                {
                    var computed = await mine.Value.ConfigureAwait(false);
                    return (computed.Outputs, computed.Trace);
                }
                finally
                {
                    _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<CachedStep>>>(key, mine));
                }
            }

            try
            {
                var joined = await flight.Value.WaitAsync(context.CancellationToken).ConfigureAwait(false);
                return (joined.Outputs, AsHit(joined.Trace, step));
            }
            catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
            {
                // The run that computed it was cancelled, this one was not: compute it here (or join the next one).
                _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<CachedStep>>>(key, flight));
            }
        }
    }

    /// <summary>Runs the step's capability (budget permitting) and memoises what it produced.</summary>
    private async Task<CachedStep> ComputeAsync(StepContext context, string key, bool persistent)
    {
        var step = context.Step;
        if (step.Capability.Kind == CapabilityKind.Llm && context.Meter.Exhausted() is { } why)
        {
            return new CachedStep(PassThrough(step, context.Inputs), Trace(step, "skipped: " + why, skipped: true));
        }

        context.CancellationToken.ThrowIfCancellationRequested();
        var start = _time.GetTimestamp();
        var runsBefore = context.Evaluations.SandboxRuns;
        var outcome = await RunCapabilityAsync(context).ConfigureAwait(false);
        var trace = new StepTrace(
            step.Id,
            step.Capability.Id,
            step.Label,
            outcome.Prompt,
            outcome.Summary,
            _time.GetElapsedTime(start).TotalMilliseconds,
            outcome.ModelCalls,
            outcome.Tokens,
            context.Evaluations.SandboxRuns - runsBefore,
            CacheHit: false,
            Skipped: outcome.PassedThrough,
            outcome.Outcome,
            outcome.Prompt is not null && context.Options.Context is not null && UsesContext(step.Capability) ? context.Workspace : null);
        var computed = new CachedStep(outcome.Artefacts, trace);
        _cache.Put(key, computed, persistent);
        return computed;
    }

    private static StepTrace AsHit(StepTrace trace, WorkflowStep step) =>
        trace with { StepId = step.Id, CacheHit = true, ModelCalls = 0, Tokens = 0, SandboxRuns = 0, Milliseconds = 0 };

    /// <summary>
    /// The task's workspace context, assembled once and shared by every step and by the attribution re-runs of the
    /// same task (they send the same context, so the model's prefix cache keeps hitting).
    /// </summary>
    private async Task<TaskContext> ContextOf(TaskTarget target, ExecutionOptions options, CancellationToken cancellationToken)
    {
        if (options.Context is not { } source)
        {
            return TaskContext.Empty;
        }

        Task<TaskContext> pending;
        lock (_contextGate)
        {
            if (_lastContext is not { } last || !ReferenceEquals(last.Source, source) || !Equals(last.Target, target) || last.Context.IsFaulted || last.Context.IsCanceled)
            {
                _lastContext = (target, source, source.AssembleAsync(target, cancellationToken));
            }

            pending = _lastContext.Value.Context;
        }

        return await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool UsesContext(Capability capability) => capability.PromptTemplate.Contains("{{context}}", StringComparison.Ordinal);

    private static bool Has(StepArtefacts a, ArtefactType type) => type switch
    {
        ArtefactType.Plan => a.Plan is not null,
        ArtefactType.Checks => a.Checks is not null,
        ArtefactType.Candidates => a.Candidates is { Count: > 0 },
        ArtefactType.Results => a.Results is not null,
        ArtefactType.Review => a.Review is not null,
        _ => true,
    };

    /// <summary>A removed step: what it transforms passes through unchanged; what it only produces is absent.</summary>
    private static StepArtefacts PassThrough(WorkflowStep step, StepArtefacts inputs)
    {
        var outputs = step.Capability.Outputs;
        var reads = step.Capability.Inputs.Concat(step.Capability.OptionalInputs).ToHashSet();
        return new StepArtefacts(
            outputs.Contains(ArtefactType.Plan) && reads.Contains(ArtefactType.Plan) ? inputs.Plan : null,
            outputs.Contains(ArtefactType.Checks) && reads.Contains(ArtefactType.Checks) ? inputs.Checks : null,
            outputs.Contains(ArtefactType.Candidates) ? inputs.Candidates : null,
            outputs.Contains(ArtefactType.Results) && reads.Contains(ArtefactType.Results) ? inputs.Results : null,
            outputs.Contains(ArtefactType.Review) && reads.Contains(ArtefactType.Review) ? inputs.Review : null);
    }

    private static StepTrace Trace(WorkflowStep step, string outcome, bool skipped) =>
        new(step.Id, step.Capability.Id, step.Label, null, null, 0, 0, 0, 0, false, skipped, outcome);

    private string CacheKey(StepContext context)
    {
        var step = context.Step;
        var inputs = context.Inputs;
        return ContentHash.Of(
            step.Capability.Id,
            step.Capability.PromptTemplate,
            string.Join(";", step.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}"))),
            inputs.Plan,
            inputs.Checks is null ? null : string.Join("\n", inputs.Checks.Select(c => $"{c.Call}=={c.Expected}")),
            inputs.Candidates is null ? null : string.Join("\n\u0003", inputs.Candidates.Select(c => c.Key)),
            inputs.Results is null ? null : string.Join(";", inputs.Results.Select(r => $"{r.Compiled}:{r.Passed}/{r.Total}:{string.Join(",", r.Tests.Select(t => t.Outcome))}")),
            inputs.Review,
            context.Options.Seed.ToString(CultureInfo.InvariantCulture),
            _modelId,
            context.Target.FilePath,
            context.Target.Site.Signature,
            context.Target.Site.TaskText,
            UsesContext(step.Capability) ? context.Workspace.Text : null);
    }
}

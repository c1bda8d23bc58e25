using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using FlowLens.Core.Capabilities;
using FlowLens.Core.Composition;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Learning;
using FlowLens.Core.Tasks;
using FlowLens.Core.Workflows;

namespace FlowLens.Core.Search;

/// <summary>
/// Scores a workflow on VALIDATION tasks only: stitch, run with the product's executor (same step cache, same
/// budgets) on each validation task, evaluate the final code against the task's VISIBLE tests (the targets given here
/// carry no grading tests), and take the mean visible pass rate. Identical
/// workflows (same capabilities and parameters) are scored once; evaluations of one task share an
/// <see cref="EvaluationMemo"/>. The feedback holds validation failures only, never anything about test tasks.
/// With reward weights, the score the searches optimise is the mean multi-purpose reward (pass rate, less the code's
/// complexity and the workflow's cost), so of two workflows that pass alike the cheaper one wins.
/// </summary>
public sealed class ValidationScorer : IWorkflowScorer
{
    private readonly WorkflowExecutor _executor;
    private readonly CapabilityLibrary _library;
    private readonly IReadOnlyList<TaskTarget> _tasks;
    private readonly ExecutionOptions _options;
    private readonly EvaluationMemo[] _memos;
    private readonly ConcurrentDictionary<string, Lazy<Task<WorkflowScore>>> _scored = new();
    private readonly RewardWeights? _reward;

    public ValidationScorer(WorkflowExecutor executor, CapabilityLibrary library, IReadOnlyList<TaskTarget> validationTasks, ICandidateEvaluator evaluator, ExecutionOptions options)
        : this(executor, library, validationTasks, evaluator, options, null)
    {
    }

    public ValidationScorer(WorkflowExecutor executor, CapabilityLibrary library, IReadOnlyList<TaskTarget> validationTasks, ICandidateEvaluator evaluator, ExecutionOptions options, RewardWeights? reward)
    {
        _reward = reward;
        ArgumentNullException.ThrowIfNull(validationTasks);
        _executor = executor;
        _library = library;
        _tasks = validationTasks;
        _options = options;
        _memos = validationTasks.Select(_ => new EvaluationMemo(evaluator)).ToArray();
    }

    public async Task<WorkflowScore> ScoreAsync(IReadOnlyList<SelectedCapability> steps, CancellationToken cancellationToken)
    {
        var key = SearchPrompts.Key(steps);
        var fresh = false;
        var lazy = _scored.GetOrAdd(key, _ => new Lazy<Task<WorkflowScore>>(() =>
        {
            fresh = true;
            return RunAsync(steps, cancellationToken);
        }));
        WorkflowScore score;
        try
        {
            score = await lazy.Value.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _scored.TryRemove(key, out _);
            throw;
        }

        // A memo hit is free: report no cost for it.
        return fresh ? score : score with { ModelCalls = 0, WorkerTokens = 0, SandboxRuns = 0, Executions = 0 };
    }

    private async Task<WorkflowScore> RunAsync(IReadOnlyList<SelectedCapability> steps, CancellationToken cancellationToken)
    {
        var workflow = WorkflowStitcher.Stitch(steps, _library);
        var results = await Task.WhenAll(_tasks.Select((t, i) => RunTaskAsync(workflow, t, _memos[i], cancellationToken))).ConfigureAwait(false);
        var feedback = new StringBuilder();
        feedback.AppendLine(CultureInfo.InvariantCulture, $"workflow as run: {workflow.Label}");
        foreach (var (task, (rate, _, text, _, _, _, _)) in _tasks.Zip(results))
        {
            feedback.AppendLine(CultureInfo.InvariantCulture, $"- {task.Site.MethodName}: test pass rate {rate:0.00}{(text.Length == 0 ? string.Empty : "\n  " + text.Replace("\n", "\n  ", StringComparison.Ordinal))}");
        }

        var errors = results.Where(r => r.Error is not null).Select(r => r.Error!).Distinct(StringComparer.Ordinal).ToList();
        var passRate = results.Length == 0 ? 0 : results.Average(r => r.Rate);
        return new WorkflowScore(
            _reward is null ? passRate : results.Average(r => r.Reward),
            feedback.ToString().TrimEnd(),
            errors.Count == 0 ? null : string.Join("\n", errors),
            results.Sum(r => r.Calls),
            results.Sum(r => r.Tokens),
            results.Sum(r => r.Runs),
            results.Length)
        {
            PassRate = _reward is null ? null : passRate,
        };
    }

    private async Task<(double Rate, double Reward, string Feedback, string? Error, int Calls, long Tokens, int Runs)> RunTaskAsync(Workflow workflow, TaskTarget task, EvaluationMemo memo, CancellationToken cancellationToken)
    {
        var runsBefore = memo.SandboxRuns;
        try
        {
            var result = await _executor.ExecuteAsync(workflow, task, memo, _options, new HashSet<string>(), null, cancellationToken).ConfigureAwait(false);
            if (result.Final is null)
            {
                return (0, Reward(0, result), "the workflow produced no code", null, result.Stats.ModelCalls, result.Stats.Tokens, memo.SandboxRuns - runsBefore);
            }

            var report = await memo.EvaluateAsync(task, result.Final, [], cancellationToken).ConfigureAwait(false);
            var rate = TestScore.VisiblePassRate(report);
            var text = rate >= 1 ? string.Empty : WorkflowExecutor.Failures(report);
            return (rate, Reward(rate, result), Shorten(text), null, result.Stats.ModelCalls, result.Stats.Tokens, memo.SandboxRuns - runsBefore);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = $"{e.GetType().Name}: {e.Message}";
            return (0, 0, error, error, 0, 0, memo.SandboxRuns - runsBefore);
        }
    }

    private double Reward(double passRate, ExecutionResult result) =>
        _reward is null ? passRate : MultiPurposeReward.Compute(passRate, result.FinalBody, result.FinalCandidates.Select(c => c.Key).ToList(), result.Stats, _reward).Total;

    private static string Shorten(string text)
    {
        var lines = text.Split('\n');
        return string.Join("\n", lines.Take(6).Select(l => l.Length > 200 ? l[..200] + "..." : l));
    }
}

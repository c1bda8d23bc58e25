using System.Collections.Concurrent;
using FlowLens.Core.Evaluation;

namespace FlowLens.Core.Tests.Doubles;

/// <summary>
/// A test double for the sandbox: a candidate body's marker (e.g. <c>/*v3*/</c>) decides how many of
/// <see cref="TotalTests"/> tests pass; observed outputs for checks come from <see cref="Behaviour"/>.
/// Unknown bodies do not compile.
/// </summary>
internal sealed class TableEvaluator : ICandidateEvaluator
{
    public int TotalTests { get; init; } = 5;

    public Dictionary<string, int> PassingByMarker { get; init; } = [];

    public Func<string, string, string?> Behaviour { get; init; } = (_, _) => null;

    public ConcurrentBag<string> Evaluated { get; } = [];

    /// <summary>Tests outside the selection (<c>Other1</c>...): how many pass for a marker, run only for <see cref="TestScope.WholeProject"/>.</summary>
    public Dictionary<string, int> OtherPassingByMarker { get; init; } = [];

    public int OtherTests { get; set; }

    /// <summary>Every whole-project request's body, in order.</summary>
    public ConcurrentQueue<string> WholeProjectRuns { get; } = [];

    public Task<EvaluationReport> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Evaluated.Add(request.MethodBody);
        var marker = PassingByMarker.Keys.FirstOrDefault(k => request.MethodBody.Contains(k, StringComparison.Ordinal));
        if (marker is null)
        {
            var failed = Enumerable.Range(1, TotalTests).Select(i => new TestResult($"Test{i}", TestOutcome.Error, "candidate did not compile", 0)).ToList();
            return Task.FromResult(new EvaluationReport(false, [], ["CS1002: ; expected"], failed, [], 1));
        }

        var passing = PassingByMarker[marker];
        var tests = Enumerable.Range(1, TotalTests)
            .Select(i => new TestResult($"Test{i}", i <= passing ? TestOutcome.Passed : TestOutcome.Failed, i <= passing ? null : $"Test{i} failed", 1))
            .ToList();
        if (request.Scope == TestScope.WholeProject)
        {
            WholeProjectRuns.Enqueue(request.MethodBody);
            var otherPassing = OtherPassingByMarker.GetValueOrDefault(marker);
            tests.AddRange(Enumerable.Range(1, OtherTests).Select(i => new TestResult($"Other{i}", i <= otherPassing ? TestOutcome.Passed : TestOutcome.Failed, null, 1)));
        }

        var examples = request.ExtraExamples
            .Select(e => new ExampleResult(e, Behaviour(marker, e.Call) is { } o && (e.Expected is null || e.Expected == o) ? TestOutcome.Passed : TestOutcome.Failed, Behaviour(marker, e.Call), null))
            .ToList();
        return Task.FromResult(new EvaluationReport(true, [], [], tests, examples, 1));
    }
}

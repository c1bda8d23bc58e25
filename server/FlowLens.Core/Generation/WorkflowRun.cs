using FlowLens.Core.Evaluation;

namespace FlowLens.Core.Generation;

/// <summary>
/// The outcome of one "Generate workflow": the composed workflow, its trace, the code it produced, the
/// evaluation of that code, and each capability's counterfactual contribution.
/// </summary>
public sealed record WorkflowRun(
    string RunId,
    string TaskId,
    IReadOnlyList<WorkflowRunStep> Steps,
    string? FinalMethodBody,
    EvaluationReport? FinalReport,
    IReadOnlyList<CapabilityContribution> Contributions,
    string Mermaid,
    TimeSpan Duration,
    GeneratorStatus Generator,
    string? Notice = null,
    RunMetrics? Metrics = null,
    CandidateEdit? FinalCandidate = null)
{
    /// <summary>The execution seed this run used: giving it again (<c>--seed</c>) replays the run.</summary>
    public int Seed { get; init; }

    /// <summary>The rest of the test projects' tests on the final candidate (run with attribution); null when not run.</summary>
    public OtherTestsReport? OtherTests { get; init; }

    /// <summary>One line: the workflow, the tests and the time, as a summary lens shows it.</summary>
    public string Summary
    {
        get
        {
            var flow = string.Join(" -> ", Steps.Select(s => s.Label));
            var tests = FinalReport is null ? "no result" : $"{FinalReport.Passed}/{FinalReport.Total} tests";
            var fallback = Metrics?.CompositionFallback is null ? string.Empty : "  |  composed from priors: the model's selection was unreadable";
            var others = OtherTests is null ? string.Empty
                : OtherTests.Problem is not null && OtherTests.Tests.Count == 0 ? "  |  other tests did not run"
                : $"  |  other tests {OtherTests.Passed}/{OtherTests.Tests.Count}";
            return $"{flow}  |  {tests}{others}  |  {Duration.TotalSeconds:0.0} s{fallback}";
        }
    }
}

using FlowLens.Core.Tasks;

namespace FlowLens.Core.Evaluation;

/// <summary>
/// One candidate for one task: <paramref name="Candidate"/> is the edit the editor would apply (its body replaces
/// the target method's body, braces included; its members and usings are added as <see cref="CandidatePlacement"/>
/// places them). <paramref name="ExtraExamples"/> are generated checks (feedback only); the task comment's own
/// examples come from <see cref="TaskTarget.Site"/>. Checks whose expected value is null are run for their observed
/// value (behavioural voting).
/// </summary>
public sealed record EvaluationRequest(TaskTarget Target, CandidateEdit Candidate, IReadOnlyList<TaskExample> ExtraExamples)
{
    public EvaluationRequest(TaskTarget target, string methodBody)
        : this(target, CandidateEdit.OfBody(methodBody), [])
    {
    }

    public EvaluationRequest(TaskTarget target, string methodBody, IReadOnlyList<TaskExample> extraExamples)
        : this(target, CandidateEdit.OfBody(methodBody), extraExamples)
    {
    }

    public EvaluationRequest(TaskTarget target, CandidateEdit candidate)
        : this(target, candidate, [])
    {
    }

    /// <summary>Which of the workspace's tests run; workflows evaluate on <see cref="TestScope.Selected"/> only.</summary>
    public TestScope Scope { get; init; } = TestScope.Selected;

    /// <summary>The new body of the target method.</summary>
    public string MethodBody => Candidate.Body;
}

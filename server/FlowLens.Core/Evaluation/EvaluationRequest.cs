using FlowLens.Core.Tasks;

namespace FlowLens.Core.Evaluation;

/// <summary>
/// One candidate for one task: <paramref name="MethodBody"/> replaces the target method's body (braces included,
/// e.g. <c>{ return a + b; }</c>). <paramref name="ExtraExamples"/> are generated checks (feedback only); the task
/// comment's own examples come from <see cref="TaskTarget.Site"/>. Checks whose expected value is null are run
/// for their observed value (behavioural voting).
/// </summary>
public sealed record EvaluationRequest(TaskTarget Target, string MethodBody, IReadOnlyList<TaskExample> ExtraExamples)
{
    public EvaluationRequest(TaskTarget target, string methodBody)
        : this(target, methodBody, [])
    {
    }
}

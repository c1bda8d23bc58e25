namespace FlowLens.Core.Evaluation;

public enum TestOutcome
{
    Passed,
    Failed,
    Error,
    Timeout,
}

namespace FlowLens.Sandbox.Worker.Protocol;

internal enum ResultOutcome
{
    Passed,
    Failed,
    Error,
    Timeout,
}

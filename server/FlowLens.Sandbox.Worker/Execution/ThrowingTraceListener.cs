using System.Diagnostics;

namespace FlowLens.Sandbox.Worker.Execution;

/// <summary>
/// Replaces the default listener, whose failed <c>Debug.Assert</c> calls <c>Environment.FailFast</c> and would take the
/// worker down. A failed assert in candidate code (test asserts are rewritten) becomes an exception of that test.
/// </summary>
internal sealed class ThrowingTraceListener : TraceListener
{
    public override void Fail(string? message, string? detailMessage) =>
        throw new InvalidOperationException($"Debug.Assert failed: {message} {detailMessage}".Trim());

    public override void Write(string? message)
    {
    }

    public override void WriteLine(string? message)
    {
    }
}

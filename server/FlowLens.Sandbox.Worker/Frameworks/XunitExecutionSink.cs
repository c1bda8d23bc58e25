using FlowLens.Sandbox.Worker.Protocol;
using Xunit.Abstractions;

namespace FlowLens.Sandbox.Worker.Frameworks;

/// <summary>
/// Turns xunit's execution messages into results, one per test (a theory's rows are tests of their own), named by
/// xunit's display name, and tells the <see cref="TestWatchdog"/> when each test starts and ends.
/// </summary>
internal sealed class XunitExecutionSink(TestWatchdog watchdog, int timeoutMs) : IMessageSink, IDisposable
{
    private readonly Lock _gate = new();

    public List<ResultTest> Tests { get; } = [];

    public List<string> Errors { get; } = [];

    public ManualResetEventSlim Finished { get; } = new(false);

    public bool OnMessage(IMessageSinkMessage message)
    {
        lock (_gate)
        {
            switch (message)
            {
                case ITestStarting starting:
                    watchdog.Started(starting.Test.DisplayName);
                    break;
                case ITestPassed passed:
                    Tests.Add(new ResultTest(passed.Test.DisplayName, ResultOutcome.Passed, null, (double)passed.ExecutionTime * 1000));
                    break;
                case ITestFailed failed:
                    Tests.Add(Failure(failed));
                    break;
                case ITestFinished finished:
                    var stopped = watchdog.Finished(finished.Test.DisplayName);
                    if (stopped && Tests.Count > 0 && Tests[^1].Name == finished.Test.DisplayName)
                    {
                        Tests[^1] = Tests[^1] with { Outcome = ResultOutcome.Timeout, Message = $"did not finish within {timeoutMs} ms" };
                    }

                    break;
                case IErrorMessage error:
                    Errors.Add(Describe(error.ExceptionTypes, error.Messages));
                    break;
                case ITestAssemblyFinished:
                    Finished.Set();
                    break;
            }
        }

        // Skipped tests are left out, as a pass rate leaves them out.
        return true;
    }

    public void Dispose() => Finished.Dispose();

    /// <summary>The results so far and the errors, copied while no message is being handled.</summary>
    public (List<ResultTest> Tests, List<string> Errors) Take()
    {
        lock (_gate)
        {
            return ([.. Tests], [.. Errors]);
        }
    }

    private ResultTest Failure(ITestFailed failed)
    {
        var type = failed.ExceptionTypes.FirstOrDefault();
        var ms = (double)failed.ExecutionTime * 1000;
        if (AssertionFailures.IsTimeout(type))
        {
            return new ResultTest(failed.Test.DisplayName, ResultOutcome.Timeout, $"did not finish within {timeoutMs} ms", ms);
        }

        var outcome = AssertionFailures.IsAssertion(type) ? ResultOutcome.Failed : ResultOutcome.Error;
        return new ResultTest(failed.Test.DisplayName, outcome, Describe(failed.ExceptionTypes, failed.Messages), ms);
    }

    private static string Describe(string[] types, string[] messages)
    {
        var type = types.FirstOrDefault() ?? "Exception";
        var message = messages.FirstOrDefault() ?? string.Empty;
        return $"{type[(type.LastIndexOf('.') + 1)..]}: {message.ReplaceLineEndings(" ")}";
    }
}

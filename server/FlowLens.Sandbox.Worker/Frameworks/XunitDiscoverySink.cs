using Xunit.Abstractions;

namespace FlowLens.Sandbox.Worker.Frameworks;

/// <summary>Collects the test cases xunit's discoverer finds, until it says discovery is complete.</summary>
internal sealed class XunitDiscoverySink : IMessageSink, IDisposable
{
    public List<ITestCase> TestCases { get; } = [];

    public List<string> Errors { get; } = [];

    public ManualResetEventSlim Complete { get; } = new(false);

    public bool OnMessage(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestCaseDiscoveryMessage discovered:
                TestCases.Add(discovered.TestCase);
                break;
            case IErrorMessage error:
                Errors.Add(string.Join(" ", error.ExceptionTypes.Zip(error.Messages, (t, m) => $"{t}: {m}")));
                break;
            case IDiscoveryCompleteMessage:
                Complete.Set();
                break;
        }

        return true;
    }

    public void Dispose() => Complete.Dispose();
}

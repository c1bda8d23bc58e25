using System.Reflection;
using FlowLens.Sandbox.Worker.Protocol;
using Xunit.Abstractions;

namespace FlowLens.Sandbox.Worker.Frameworks;

/// <summary>
/// Runs xunit v2 tests through the framework's own execution API from the user's xunit.execution:
/// <c>Xunit.Sdk.XunitTestFramework</c>'s discoverer finds the test cases (theory rows, fixtures, collections, nested
/// classes as xunit sees them) and its executor runs them, reporting through an <see cref="IMessageSink"/>. The
/// worker shares xunit.abstractions with the user's copy (see <see cref="Execution.CandidateLoadContext"/>), so the
/// messages are typed. Parallel test collections are turned off, so the per-test deadline knows which test runs.
/// </summary>
internal sealed class XunitV2Runner(WorkerJob job, TestWatchdog watchdog, FrameworkResults results)
{
    /// <summary>The longest discovery may take: it runs trusted code only (theory data may call the candidate).</summary>
    private const int DiscoveryMs = 30_000;

    public void Run(Assembly execution, Assembly tests)
    {
        results.Runner = $"xunit {FrameworkVersions.Of(execution)} via XunitTestFramework in the sandbox worker";
        var frameworkType = execution.GetType("Xunit.Sdk.XunitTestFramework", throwOnError: true)!;
        var reflector = execution.GetType("Xunit.Sdk.Reflector", throwOnError: true)!.GetMethod("Wrap", [typeof(Assembly)])!;
        var diagnostics = new XunitDiscoverySink();
        using var framework = (ITestFramework)Activator.CreateInstance(frameworkType, [diagnostics])!;
        var assemblyInfo = (IAssemblyInfo)reflector.Invoke(null, [tests])!;

        var options = new XunitOptions();
        options.SetValue("xunit.discovery.PreEnumerateTheories", true);
        options.SetValue("xunit.execution.DisableParallelization", true);
        options.SetValue("xunit.execution.SynchronousMessageReporting", true);

        using var discovery = new XunitDiscoverySink();
        using (var discoverer = framework.GetDiscoverer(assemblyInfo))
        {
            discoverer.Find(includeSourceInformation: false, discovery, options);
            if (!discovery.Complete.Wait(DiscoveryMs))
            {
                results.Diagnostics.Add($"xunit's discovery did not finish within {DiscoveryMs / 1000} s");
                results.Recycle = true;
                return;
            }
        }

        results.Diagnostics.AddRange(discovery.Errors.Concat(diagnostics.Errors).Select(e => "xunit: " + e));
        var selected = job.SelectedTests?.ToHashSet(StringComparer.Ordinal);
        var cases = discovery.TestCases.Where(c => selected is null || selected.Contains(FullyQualifiedName(c))).ToList();
        if (cases.Count == 0)
        {
            return;
        }

        using var sink = new XunitExecutionSink(watchdog, job.TestTimeoutMs);
        using var executor = framework.GetExecutor(tests.GetName());
        var (finished, error) = FrameworkThread.Run(
            () =>
            {
                executor.RunTests(cases, sink, options);
                WaitHandle.WaitAny([sink.Finished.WaitHandle, watchdog.Abandoned.WaitHandle]);
            },
            watchdog);
        var (ran, errors) = sink.Take();
        results.Tests.AddRange(ran);
        results.Diagnostics.AddRange(errors.Select(e => "xunit: " + e));

        if (!finished || watchdog.Abandoned.IsSet)
        {
            results.Recycle = true;
            var reported = results.Tests.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var name in cases.Select(c => c.DisplayName).Where(n => !reported.Contains(n)))
            {
                results.Tests.Add(name == watchdog.AbandonedTest
                    ? new ResultTest(name, ResultOutcome.Timeout, $"did not finish within {job.TestTimeoutMs} ms", job.TestTimeoutMs)
                    : new ResultTest(name, ResultOutcome.Error, $"not run: the worker is replaced after {watchdog.AbandonedTest} timed out", 0));
            }
        }
        else if (error is not null)
        {
            results.Diagnostics.Add("xunit failed: " + Execution.TimedRun.Unwrap(error).Message);
        }
    }

    /// <summary>The name <c>dotnet test --filter FullyQualifiedName=</c> knows a test method by: class full name, a dot, method.</summary>
    internal static string FullyQualifiedName(ITestCase testCase) => testCase.TestMethod.TestClass.Class.Name + "." + testCase.TestMethod.Method.Name;
}

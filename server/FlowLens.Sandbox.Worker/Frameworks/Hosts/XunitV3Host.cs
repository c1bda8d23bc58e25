// Compiled by the sandbox worker at run time against the test project's own xunit.v3 packages (see
// FrameworkHostCompiler), never against a copy of the worker's: xunit v3's contracts (xunit.v3.common) change with its
// releases, so the host implements the IMessageSink of the very version the project restored. It speaks to the worker
// only in types of the shared framework (strings, delegates).
using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Xunit;
using Xunit.Runner.Common;
using Xunit.Sdk;
using Xunit.v3;

namespace FlowLens.Sandbox.Worker.Hosts;

/// <summary>Runs one test assembly through xunit v3's own test framework: its discoverer finds the test cases, its executor runs them.</summary>
public static class XunitV3Host
{
    /// <param name="tests">The test assembly, loaded beside the project's xunit.v3.core.</param>
    /// <param name="selected">Test methods by class full name, a dot, and method name; null runs every test.</param>
    /// <param name="discovered">Called with the display name of each selected test case before any runs.</param>
    /// <param name="started">Called with a test's display name when it starts.</param>
    /// <param name="result">Called per result: display name, outcome (Passed, or the failure's cause: Assertion, Exception, Timeout, Other, Unknown), exception type, message, milliseconds.</param>
    /// <param name="ended">Called with a test's display name when it ends.</param>
    /// <param name="error">Called with errors xunit reports outside a test (a fixture that throws, a discovery failure).</param>
    /// <returns>The name and version of the framework that ran the tests.</returns>
    public static string Run(
        Assembly tests,
        string[]? selected,
        Action<string> discovered,
        Action<string> started,
        Action<string, string, string?, string?, double> result,
        Action<string> ended,
        Action<string> error)
    {
        var diagnostics = new HostMessageSink(started, result, ended, error);
        TestContext.SetForInitialization(diagnostics, false, false);
        var framework = ExtensibilityPointFactory.GetTestFramework(tests);
        try
        {
            var configuration = new TestAssemblyConfiguration
            {
                PreEnumerateTheories = true,
                ParallelizeTestCollections = false,
                SynchronousMessageReporting = true,
            };
            var discoveryOptions = TestFrameworkOptions.ForDiscovery(configuration);
            var executionOptions = TestFrameworkOptions.ForExecution(configuration);
            executionOptions.SetDisableParallelization(true);

            var wanted = selected is null ? null : new HashSet<string>(selected, StringComparer.Ordinal);
            var cases = new List<ITestCase>();
            framework.GetDiscoverer(tests).Find(
                testCase =>
                {
                    if (wanted is null || wanted.Contains(testCase.TestClassName + "." + testCase.TestMethodName))
                    {
                        cases.Add(testCase);
                    }

                    return new ValueTask<bool>(true);
                },
                discoveryOptions).AsTask().GetAwaiter().GetResult();

            foreach (var testCase in cases)
            {
                discovered(testCase.TestCaseDisplayName);
            }

            if (cases.Count > 0)
            {
                var sink = new HostMessageSink(started, result, ended, error);
                framework.GetExecutor(tests).RunTestCases(cases, sink, executionOptions).AsTask().GetAwaiter().GetResult();
            }

            return framework.TestFrameworkDisplayName;
        }
        finally
        {
            if (framework is IAsyncDisposable asyncDisposable)
            {
                asyncDisposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            else if (framework is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    private sealed class HostMessageSink(
        Action<string> started,
        Action<string, string, string?, string?, double> result,
        Action<string> ended,
        Action<string> error) : IMessageSink
    {
        private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

        public bool OnMessage(IMessageSinkMessage message)
        {
            switch (message)
            {
                case ITestStarting starting:
                    _names[starting.TestUniqueID] = starting.TestDisplayName;
                    started(starting.TestDisplayName);
                    break;
                case ITestPassed passed:
                    result(NameOf(passed), "Passed", null, null, (double)passed.ExecutionTime * 1000);
                    break;
                case ITestFailed failed:
                    result(NameOf(failed), failed.Cause.ToString(), failed.ExceptionTypes.FirstOrDefault(), failed.Messages.FirstOrDefault(), (double)failed.ExecutionTime * 1000);
                    break;
                case ITestFinished finished:
                    ended(NameOf(finished));
                    break;
                case IErrorMessage failure:
                    error(Describe(failure));
                    break;
                case ITestAssemblyCleanupFailure failure:
                    error(Describe(failure));
                    break;
                case ITestCollectionCleanupFailure failure:
                    error(Describe(failure));
                    break;
                case ITestClassCleanupFailure failure:
                    error(Describe(failure));
                    break;
            }

            return true;
        }

        private string NameOf(ITestMessage message) => _names.TryGetValue(message.TestUniqueID, out var name) ? name : message.TestUniqueID;

        private static string Describe(IErrorMetadata error)
        {
            var type = error.ExceptionTypes.FirstOrDefault() ?? "Exception";
            return type.Substring(type.LastIndexOf('.') + 1) + ": " + (error.Messages.FirstOrDefault() ?? string.Empty);
        }
    }
}

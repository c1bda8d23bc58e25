// Compiled by the sandbox worker at run time against the test project's own Microsoft.TestPlatform.ObjectModel (see
// FrameworkHostCompiler), never against a copy of the worker's: this is how the worker hosts whatever MSTest adapter the
// project restored. It speaks to the worker only in types of the shared framework (strings, delegates).
using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Adapter;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;

namespace FlowLens.Sandbox.Worker.Hosts;

/// <summary>Runs one test assembly through MSTest's VSTest adapter (its <c>MSTestDiscoverer</c> and <c>MSTestExecutor</c>).</summary>
public static class MSTestAdapterHost
{
    /// <param name="adapter">Microsoft.VisualStudio.TestPlatform.MSTest.TestAdapter, loaded from the project's packages.</param>
    /// <param name="source">The test assembly's path; the adapter loads it by name, so it must already be loaded beside the adapter.</param>
    /// <param name="selected">Test methods by class full name, a dot, and method name; null runs every test.</param>
    /// <param name="settingsXml">The run settings the adapter reads (parallelisation off).</param>
    /// <param name="discovered">Called with the name of each selected test before any runs.</param>
    /// <param name="started">Called with a test's name when it starts.</param>
    /// <param name="result">Called per result: name, outcome (Passed, Failed, Skipped, NotFound, None), message, milliseconds.</param>
    /// <param name="ended">Called with a test's name when it ends.</param>
    /// <param name="message">Called with the adapter's warnings and errors.</param>
    /// <returns>How many test cases the discoverer found before the selection was applied.</returns>
    public static int Run(
        Assembly adapter,
        string source,
        string[]? selected,
        string settingsXml,
        Action<string> discovered,
        Action<string> started,
        Action<string, string, string?, double> result,
        Action<string> ended,
        Action<string> message)
    {
        var context = new HostRunContext(settingsXml, System.IO.Path.GetDirectoryName(source)!);
        var handle = new HostFrameworkHandle(started, result, ended, message);
        var discoverer = (ITestDiscoverer)Activator.CreateInstance(adapter.GetType("Microsoft.VisualStudio.TestPlatform.MSTest.TestAdapter.MSTestDiscoverer", throwOnError: true)!)!;
        var sink = new HostDiscoverySink();
        discoverer.DiscoverTests(new[] { source }, context, handle, sink);

        var wanted = selected is null ? null : new HashSet<string>(selected, StringComparer.Ordinal);
        var cases = sink.Cases.Where(c => wanted is null || wanted.Contains(c.FullyQualifiedName)).ToList();
        foreach (var testCase in cases)
        {
            discovered(NameOf(testCase, null));
        }

        if (cases.Count > 0)
        {
            var executor = (ITestExecutor)Activator.CreateInstance(adapter.GetType("Microsoft.VisualStudio.TestPlatform.MSTest.TestAdapter.MSTestExecutor", throwOnError: true)!)!;
            executor.RunTests(cases, context, handle);
        }

        return sink.Cases.Count;
    }

    /// <summary>The name dotnet test's TRX gives a result: the class's full name, a dot, and the result's display name.</summary>
    private static string NameOf(TestCase testCase, string? displayName)
    {
        var fullyQualified = testCase.FullyQualifiedName;
        var className = fullyQualified.Substring(0, Math.Max(0, fullyQualified.LastIndexOf('.')));
        return className + "." + (string.IsNullOrEmpty(displayName) ? testCase.DisplayName : displayName);
    }

    private sealed class HostDiscoverySink : ITestCaseDiscoverySink
    {
        public List<TestCase> Cases { get; } = new();

        public void SendTestCase(TestCase discoveredTest) => Cases.Add(discoveredTest);
    }

    private sealed class HostRunSettings(string settingsXml) : IRunSettings
    {
        public string? SettingsXml => settingsXml;

        public ISettingsProvider? GetSettings(string? settingsName) => null;
    }

    private sealed class HostRunContext(string settingsXml, string directory) : IRunContext
    {
        public IRunSettings? RunSettings { get; } = new HostRunSettings(settingsXml);

        public bool KeepAlive => false;

        public bool InIsolation => false;

        public bool IsDataCollectionEnabled => false;

        public bool IsBeingDebugged => false;

        public string? TestRunDirectory => directory;

        public string? SolutionDirectory => directory;

        public ITestCaseFilterExpression? GetTestCaseFilter(IEnumerable<string>? supportedProperties, Func<string, TestProperty?> propertyProvider) => null;
    }

    private sealed class HostFrameworkHandle(
        Action<string> started,
        Action<string, string, string?, double> result,
        Action<string> ended,
        Action<string> message) : IFrameworkHandle
    {
        public bool EnableShutdownAfterTestRun { get; set; }

        public int LaunchProcessWithDebuggerAttached(string filePath, string? workingDirectory, string? arguments, IDictionary<string, string?>? environmentVariables) =>
            throw new NotSupportedException("the sandbox worker starts no process");

        public void RecordStart(TestCase testCase) => started(NameOf(testCase, null));

        public void RecordResult(TestResult testResult) =>
            result(NameOf(testResult.TestCase, testResult.DisplayName), testResult.Outcome.ToString(), testResult.ErrorMessage, testResult.Duration.TotalMilliseconds);

        public void RecordEnd(TestCase testCase, TestOutcome outcome) => ended(NameOf(testCase, null));

        public void RecordAttachments(IList<AttachmentSet> attachmentSets)
        {
        }

        public void SendMessage(TestMessageLevel testMessageLevel, string message1)
        {
            if (testMessageLevel != TestMessageLevel.Informational)
            {
                message(testMessageLevel + ": " + message1);
            }
        }
    }
}

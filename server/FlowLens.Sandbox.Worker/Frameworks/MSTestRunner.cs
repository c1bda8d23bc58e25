using System.Reflection;
using FlowLens.Sandbox.Worker.Execution;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Worker.Frameworks;

/// <summary>
/// Runs MSTest tests through MSTest's own VSTest adapter from the user's packages: its <c>MSTestDiscoverer</c> finds
/// the tests (data rows, dynamic data, nested classes as MSTest sees them) and its <c>MSTestExecutor</c> runs them with
/// their initializers, cleanups and timeouts, reporting to an <c>IFrameworkHandle</c>. Those interfaces belong to the
/// project's Microsoft.TestPlatform.ObjectModel, so the worker implements them in a host compiled against that very
/// assembly (<see cref="FrameworkHostCompiler"/>). Parallel execution is turned off, so the per-test deadline knows
/// which test runs.
/// </summary>
internal sealed class MSTestRunner(WorkerJob job, TestWatchdog watchdog, FrameworkResults results)
{
    private const string AdapterName = "Microsoft.VisualStudio.TestPlatform.MSTest.TestAdapter";

    /// <summary>Run settings as <c>dotnet test</c> would pass them, with parallelisation off whatever the assembly asks.</summary>
    private const string Settings = """
        <RunSettings>
          <RunConfiguration><DisableParallelization>true</DisableParallelization><DisableAppDomain>true</DisableAppDomain></RunConfiguration>
          <MSTest><Parallelize><Workers>1</Workers><Scope>ClassLevel</Scope></Parallelize></MSTest>
        </RunSettings>
        """;

    private readonly Lock _gate = new();
    private readonly List<string> _discovered = [];
    private int _firstOfTest;

    public void Run(CandidateLoadContext context, JobProject project, Assembly tests)
    {
        var adapter = context.LoadRuntime(AdapterName);
        if (adapter is null)
        {
            results.Unsupported = AdapterName + ".dll (MSTest.TestAdapter) is not among the job's runtime assemblies";
            return;
        }

        results.Runner = $"MSTest {Version(adapter)} via its VSTest adapter (MSTestDiscoverer, MSTestExecutor) in the sandbox worker";
        var (image, error) = FrameworkHostCompiler.Compile("MSTestAdapterHost.cs", project.MetadataReferences.Concat(project.RuntimeAssemblies));
        if (image is null)
        {
            results.Unsupported = "the worker's MSTest host does not compile against this project's Microsoft.TestPlatform.ObjectModel: " + error;
            return;
        }

        var host = context.Add(image).GetType("FlowLens.Sandbox.Worker.Hosts.MSTestAdapterHost", throwOnError: true)!.GetMethod("Run")!;
        object?[] arguments =
        [
            adapter, tests.Location, job.SelectedTests?.ToArray(), Settings,
            new Action<string>(Discovered), new Action<string>(Started), new Action<string, string, string?, double>(Result),
            new Action<string>(Ended), new Action<string>(m => Add(() => results.Diagnostics.Add("MSTest: " + m))),
        ];
        HostedFrameworkRun.Invoke(host, arguments, "MSTest", _gate, _discovered, job, watchdog, results);
    }

    /// <summary>
    /// The adapter package's version: MSTest 2 stamps 14.0.x on every assembly, so the packages folder's
    /// <c>mstest.testadapter/VERSION/</c> names it, and the assembly's own version is the fallback.
    /// </summary>
    internal static string Version(Assembly adapter)
    {
        var segments = adapter.Location.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var package = Array.FindLastIndex(segments, s => s.Equals("mstest.testadapter", StringComparison.OrdinalIgnoreCase));
        return package >= 0 && package + 1 < segments.Length ? segments[package + 1] : FrameworkVersions.Of(adapter);
    }

    private void Add(Action action)
    {
        lock (_gate)
        {
            action();
        }
    }

    private void Discovered(string name) => Add(() => _discovered.Add(name));

    private void Started(string name) => Add(() =>
    {
        _firstOfTest = results.Tests.Count;
        watchdog.Started(name);
    });

    private void Ended(string name) => Add(() =>
    {
        if (!watchdog.Finished(name))
        {
            return;
        }

        // Every result the stopped test reported (its data rows, when MSTest expands them at run time) is a timeout.
        for (var i = _firstOfTest; i < results.Tests.Count; i++)
        {
            results.Tests[i] = results.Tests[i] with { Outcome = ResultOutcome.Timeout, Message = $"did not finish within {job.TestTimeoutMs} ms" };
        }
    });

    private void Result(string name, string outcome, string? message, double ms) => Add(() =>
    {
        if (Outcome(name, outcome, message, ms) is { } result)
        {
            results.Tests.Add(result);
        }
    });

    private ResultTest? Outcome(string name, string outcome, string? message, double ms)
    {
        switch (outcome)
        {
            case "Passed":
                return new ResultTest(name, ResultOutcome.Passed, null, ms);
            case "Failed":
                var (type, text) = Thrown(message);
                if (AssertionFailures.IsTimeout(type))
                {
                    return new ResultTest(name, ResultOutcome.Timeout, $"did not finish within {job.TestTimeoutMs} ms", ms);
                }

                // MSTest's own assertions fail with their message alone; anything else is reported as what it threw.
                var failed = type is null || AssertionFailures.IsAssertion(type);
                return new ResultTest(name, failed ? ResultOutcome.Failed : ResultOutcome.Error, text, ms);
            case "NotFound":
                return new ResultTest(name, ResultOutcome.Error, message ?? "MSTest could not find the test", ms);
            default:
                // Skipped, inconclusive and not run tests are left out, as a pass rate leaves them out.
                return null;
        }
    }

    /// <summary>The exception type and message of MSTest's "Test method M threw exception: T: message" lines.</summary>
    internal static (string? Type, string? Message) Thrown(string? message)
    {
        const string Marker = "threw exception:";
        var at = message?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (message is null || at < 0)
        {
            return (null, message?.Trim().ReplaceLineEndings(" "));
        }

        var rest = message[(at + Marker.Length)..].Trim();
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var type = colon > 0 ? rest[..colon].Trim() : rest;
        var text = colon > 0 ? rest[(colon + 1)..].Trim() : string.Empty;
        return (type, $"{type[(type.LastIndexOf('.') + 1)..]}: {text.ReplaceLineEndings(" ")}");
    }
}

using System.Reflection;
using FlowLens.Sandbox.Worker.Execution;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Worker.Frameworks;

/// <summary>
/// Runs xunit v3 tests through the framework's own API from the user's xunit.v3.core: the test framework the assembly
/// names (<c>XunitTestFramework</c> unless it names another) discovers the test cases (theory rows, fixtures,
/// collections, nested classes as xunit sees them) and its executor runs them, reporting through an
/// <c>IMessageSink</c>. xunit v3's message contracts come with each release, so the worker implements them in a host
/// compiled against the project's own packages (<see cref="FrameworkHostCompiler"/>). The test project is a program
/// for <c>dotnet test</c>; here its assembly is only a library of tests, and its generated entry point is never run.
/// Parallel test collections are turned off, so the per-test deadline knows which test runs.
/// </summary>
internal sealed class XunitV3Runner(WorkerJob job, TestWatchdog watchdog, FrameworkResults results)
{
    private readonly Lock _gate = new();
    private readonly List<string> _discovered = [];

    public void Run(CandidateLoadContext context, JobProject project, Assembly tests)
    {
        var core = context.LoadRuntime("xunit.v3.core");
        if (core is null)
        {
            results.Unsupported = "xunit.v3.core.dll is not among the job's runtime assemblies";
            return;
        }

        results.Runner = $"xunit {FrameworkVersions.Of(core)} via its v3 XunitTestFramework in the sandbox worker";
        var (image, error) = FrameworkHostCompiler.Compile("XunitV3Host.cs", project.MetadataReferences.Concat(project.RuntimeAssemblies));
        if (image is null)
        {
            results.Unsupported = "the worker's xunit v3 host does not compile against this project's xunit.v3 packages: " + error;
            return;
        }

        var host = context.Add(image).GetType("FlowLens.Sandbox.Worker.Hosts.XunitV3Host", throwOnError: true)!.GetMethod("Run")!;
        object?[] arguments =
        [
            tests, job.SelectedTests?.ToArray(),
            new Action<string>(Discovered), new Action<string>(Started), new Action<string, string, string?, string?, double>(Result),
            new Action<string>(Ended), new Action<string>(m => Add(() => results.Diagnostics.Add("xunit: " + m))),
        ];
        HostedFrameworkRun.Invoke(host, arguments, "xunit", _gate, _discovered, job, watchdog, results);
    }

    private void Add(Action action)
    {
        lock (_gate)
        {
            action();
        }
    }

    private void Discovered(string name) => Add(() => _discovered.Add(name));

    private void Started(string name) => Add(() => watchdog.Started(name));

    private void Ended(string name) => Add(() =>
    {
        if (watchdog.Finished(name) && results.Tests.Count > 0 && results.Tests[^1].Name == name)
        {
            results.Tests[^1] = results.Tests[^1] with { Outcome = ResultOutcome.Timeout, Message = $"did not finish within {job.TestTimeoutMs} ms" };
        }
    });

    private void Result(string name, string outcome, string? type, string? message, double ms) => Add(() =>
    {
        var text = message is null ? null : $"{type?[(type.LastIndexOf('.') + 1)..] ?? "Exception"}: {message.ReplaceLineEndings(" ")}";
        results.Tests.Add(outcome switch
        {
            "Passed" => new ResultTest(name, ResultOutcome.Passed, null, ms),
            "Timeout" => new ResultTest(name, ResultOutcome.Timeout, text, ms),
            _ when AssertionFailures.IsTimeout(type) => new ResultTest(name, ResultOutcome.Timeout, $"did not finish within {job.TestTimeoutMs} ms", ms),
            "Assertion" => new ResultTest(name, ResultOutcome.Failed, text, ms),
            _ => new ResultTest(name, AssertionFailures.IsAssertion(type) ? ResultOutcome.Failed : ResultOutcome.Error, text, ms),
        });
    });
}

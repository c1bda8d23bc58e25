using System.Globalization;
using System.Reflection;
using System.Security;
using System.Xml.Linq;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Worker.Frameworks;

/// <summary>
/// Runs NUnit 3 and 4 tests through NUnit's own driver interface, <c>NUnit.Framework.Api.FrameworkController</c>, from
/// the user's nunit.framework: the same discovery, data sources, lifecycles and result rules as <c>dotnet test</c>'s
/// adapter. Everything crosses the load-context boundary as strings (settings, filter XML, event and result XML).
/// </summary>
internal sealed class NUnitRunner(WorkerJob job, TestWatchdog watchdog, FrameworkResults results)
{
    private readonly Dictionary<string, bool> _stopped = new(StringComparer.Ordinal);

    public void Run(Assembly framework, Assembly tests)
    {
        var version = FrameworkVersions.Of(framework);
        results.Runner = $"NUnit {version} via its FrameworkController in the sandbox worker";
        var controllerType = framework.GetType("NUnit.Framework.Api.FrameworkController", throwOnError: true)!;

        // No parallel workers: tests run one at a time on the run's thread, so the per-test deadline knows which test runs.
        var settings = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["NumberOfTestWorkers"] = 0,
            ["WorkDirectory"] = Path.GetTempPath(),
        };
        var controller = Activator.CreateInstance(controllerType, tests, "0-", settings)!;
        var loaded = XDocument.Parse((string)controllerType.GetMethod("LoadTests", Type.EmptyTypes)!.Invoke(controller, null)!);
        if (loaded.Root?.Attribute("runstate")?.Value == "NotRunnable")
        {
            var reason = loaded.Root.Descendants("property").FirstOrDefault(p => p.Attribute("name")?.Value == "_SKIPREASON")?.Attribute("value")?.Value;
            results.Diagnostics.Add("NUnit could not load the tests: " + (reason ?? "not runnable"));
        }

        var runTests = controllerType.GetMethod("RunTests", [typeof(Action<string>), typeof(string)])!;
        string? resultXml = null;
        var (finished, error) = FrameworkThread.Run(() => resultXml = (string)runTests.Invoke(controller, [new Action<string>(OnEvent), Filter(job.SelectedTests)])!, watchdog);
        if (!finished)
        {
            results.Recycle = true;
            results.Diagnostics.Add($"the worker is replaced: test {watchdog.AbandonedTest} did not stop at its deadline");
            ReportUnfinished(loaded);
            return;
        }

        if (error is not null || resultXml is null)
        {
            results.Diagnostics.Add("NUnit failed: " + Describe(error));
            return;
        }

        foreach (var testCase in XDocument.Parse(resultXml).Descendants("test-case"))
        {
            if (Outcome(testCase) is { } result)
            {
                results.Tests.Add(result);
            }
        }
    }

    /// <summary>NUnit's filter XML: a test matches when its full name or an ancestor's is selected (a method's every case).</summary>
    internal static string Filter(IReadOnlyList<string>? selected)
    {
        if (selected is null)
        {
            return "<filter/>";
        }

        var tests = string.Concat(selected.Select(n => $"<test>{SecurityElement.Escape(n)}</test>"));
        return selected.Count == 1 ? $"<filter>{tests}</filter>" : $"<filter><or>{tests}</or></filter>";
    }

    private void OnEvent(string report)
    {
        var element = XElement.Parse(report);
        var name = element.Attribute("fullname")?.Value;
        if (name is null)
        {
            return;
        }

        if (element.Name == "start-test")
        {
            watchdog.Started(name);
        }
        else if (element.Name == "test-case")
        {
            _stopped[name] = watchdog.Finished(name);
        }
    }

    private ResultTest? Outcome(XElement testCase)
    {
        var name = testCase.Attribute("fullname")?.Value ?? testCase.Attribute("name")?.Value ?? "?";
        var result = testCase.Attribute("result")?.Value;
        var label = testCase.Attribute("label")?.Value;
        var ms = double.TryParse(testCase.Attribute("duration")?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds * 1000 : 0;
        var message = testCase.Element("failure")?.Element("message")?.Value.Trim().ReplaceLineEndings(" ");
        if (_stopped.GetValueOrDefault(name) || (message?.Contains(typeof(Execution.CandidateTimeoutException).FullName!, StringComparison.Ordinal) ?? false))
        {
            return new ResultTest(name, ResultOutcome.Timeout, $"did not finish within {job.TestTimeoutMs} ms", ms);
        }

        return result switch
        {
            "Passed" or "Warning" => new ResultTest(name, ResultOutcome.Passed, null, ms),
            "Failed" when label is "Error" or "Invalid" or "Cancelled" => new ResultTest(name, ResultOutcome.Error, message, ms),
            "Failed" => new ResultTest(name, ResultOutcome.Failed, message, ms),

            // Skipped, ignored and inconclusive tests are left out, as a pass rate leaves them out.
            _ => null,
        };
    }

    /// <summary>After an abandoned test: the finished tests as NUnit reported them are lost with the run, so every selected test is reported as not run.</summary>
    private void ReportUnfinished(XDocument loaded)
    {
        foreach (var testCase in loaded.Descendants("test-case"))
        {
            var name = testCase.Attribute("fullname")?.Value ?? "?";
            if (job.SelectedTests is { } selected && !selected.Any(s => name == s || name.StartsWith(s + "(", StringComparison.Ordinal) || name.StartsWith(s + ".", StringComparison.Ordinal)))
            {
                continue;
            }

            results.Tests.Add(name == watchdog.AbandonedTest
                ? new ResultTest(name, ResultOutcome.Timeout, $"did not finish within {job.TestTimeoutMs} ms", job.TestTimeoutMs)
                : new ResultTest(name, ResultOutcome.Error, $"not run: the worker is replaced after {watchdog.AbandonedTest} timed out", 0));
        }
    }

    private static string Describe(Exception? error) =>
        error is null ? "no result" : Execution.TimedRun.Unwrap(error) is var inner ? $"{inner.GetType().Name}: {inner.Message.ReplaceLineEndings(" ")}" : string.Empty;
}

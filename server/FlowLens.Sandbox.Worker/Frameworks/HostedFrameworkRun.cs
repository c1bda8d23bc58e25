using System.Reflection;
using FlowLens.Sandbox.Worker.Execution;
using FlowLens.Sandbox.Worker.Protocol;

namespace FlowLens.Sandbox.Worker.Frameworks;

/// <summary>
/// What the runners whose framework is driven by a compiled host (<see cref="FrameworkHostCompiler"/>) share: the host
/// runs on the framework thread under the watchdog; an abandoned test loses the rest of the run, and a host that
/// threw is reported in one line.
/// </summary>
internal static class HostedFrameworkRun
{
    /// <summary>Runs <paramref name="host"/>; <paramref name="gate"/> guards <paramref name="results"/> and <paramref name="discovered"/>.</summary>
    public static void Invoke(MethodInfo host, object?[] arguments, string framework, Lock gate, IReadOnlyList<string> discovered, WorkerJob job, TestWatchdog watchdog, FrameworkResults results)
    {
        var (finished, failure) = FrameworkThread.Run(() => host.Invoke(null, arguments), watchdog);
        lock (gate)
        {
            if (!finished || watchdog.Abandoned.IsSet)
            {
                results.Recycle = true;
                ReportUnfinished(discovered, job, watchdog, results);
            }
            else if (failure is not null)
            {
                var inner = TimedRun.Unwrap(failure);
                results.Diagnostics.Add($"{framework} failed: {inner.GetType().Name}: {inner.Message.ReplaceLineEndings(" ")}");
            }
        }
    }

    /// <summary>After an abandoned test the rest of the run is lost: the discovered tests without a result are reported as not run.</summary>
    private static void ReportUnfinished(IReadOnlyList<string> discovered, WorkerJob job, TestWatchdog watchdog, FrameworkResults results)
    {
        var reported = results.Tests.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in discovered.Where(n => !reported.Contains(n)))
        {
            results.Tests.Add(name == watchdog.AbandonedTest
                ? new ResultTest(name, ResultOutcome.Timeout, $"did not finish within {job.TestTimeoutMs} ms", job.TestTimeoutMs)
                : new ResultTest(name, ResultOutcome.Error, $"not run: the worker is replaced after {watchdog.AbandonedTest} timed out", 0));
        }
    }
}

using System.Diagnostics;

namespace FlowLens.Sandbox.Worker.Execution;

/// <summary>
/// Runs one test on a thread of its own with a deadline. A thread stuck in a tight loop cannot be stopped from
/// inside the process: the run reports a timeout, and the worker asks the parent to replace it.
/// </summary>
internal static class TimedRun
{
    /// <summary>Stack for candidate code: generous for honest recursion; unbounded recursion still overflows and kills the worker.</summary>
    private const int StackSize = 16 * 1024 * 1024;

    public static (bool Finished, Exception? Error, double Milliseconds) Run(Action action, int timeoutMs)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
#pragma warning disable CA1031 // Any exception is the candidate's outcome, reported, never the worker's.
            catch (Exception e)
#pragma warning restore CA1031
            {
                error = e;
            }
        }, StackSize)
        { IsBackground = true, Name = "candidate" };
        var start = Stopwatch.GetTimestamp();
        thread.Start();
        var finished = thread.Join(timeoutMs);
        return (finished, error, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    /// <summary>The exception the candidate threw, seen through reflection's wrappers.</summary>
    public static Exception Unwrap(Exception error)
    {
        while (error is System.Reflection.TargetInvocationException { InnerException: { } inner })
        {
            error = inner;
        }

        return error is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : error;
    }
}

using System.Diagnostics;

namespace FlowLens.Sandbox.Worker.Execution;

/// <summary>
/// Runs candidate code on one long-lived thread with a deadline per call. Reusing the thread (rather than one per
/// test) keeps per-test overhead and native memory flat. A thread stuck in a tight loop cannot be stopped from
/// inside the process: the call reports a timeout, the thread is abandoned, and the worker asks to be replaced.
/// </summary>
internal static class TimedRun
{
    /// <summary>Stack for candidate code: generous for honest recursion; unbounded recursion still overflows and kills the worker.</summary>
    private const int StackSize = 16 * 1024 * 1024;

    private static readonly Lock Gate = new();
    private static Runner? _runner;

    public static (bool Finished, Exception? Error, double Milliseconds) Run(Action action, int timeoutMs)
    {
        Runner runner;
        lock (Gate)
        {
            runner = _runner ??= new Runner();
        }

        var start = Stopwatch.GetTimestamp();
        var (finished, error) = runner.Run(action, timeoutMs);
        if (!finished)
        {
            lock (Gate)
            {
                _runner = null;
            }
        }

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

    private sealed class Runner
    {
        private readonly SemaphoreSlim _start = new(0);
        private readonly SemaphoreSlim _done = new(0);
        private Action? _action;
        private Exception? _error;

        public Runner()
        {
            new Thread(Loop, StackSize) { IsBackground = true, Name = "candidate" }.Start();
        }

        public (bool Finished, Exception? Error) Run(Action action, int timeoutMs)
        {
            _action = action;
            _error = null;
            _start.Release();
            return _done.Wait(timeoutMs) ? (true, _error) : (false, null);
        }

        private void Loop()
        {
            while (true)
            {
                _start.Wait();
                try
                {
                    _action!();
                }
#pragma warning disable CA1031 // Any exception is the candidate's outcome, reported, never the worker's.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    _error = e;
                }

                _action = null;
                _done.Release();
            }
        }
    }
}

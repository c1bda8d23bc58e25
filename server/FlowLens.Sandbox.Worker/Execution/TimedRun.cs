using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace FlowLens.Sandbox.Worker.Execution;

/// <summary>
/// Runs candidate code on one long-lived thread with a deadline per call. Reusing the thread (rather than one per
/// test) keeps per-test overhead and native memory flat. At the deadline the waiting thread stops the
/// <see cref="RunGuard"/>, whose checks in the rewritten candidate code then throw, and waits a grace period for the
/// call to unwind: the call ends with the guard's trip, the thread is kept, and the worker goes on. A thread that no
/// check reaches (a <c>goto</c> loop, a blocking call, a long framework call) cannot be stopped from inside the
/// process: the call reports a timeout, the thread is abandoned, and the worker asks to be replaced, as before the
/// guard existed; past the run timeout the parent kills the worker, the last line of defence.
/// </summary>
internal static class TimedRun
{
    /// <summary>
    /// Stack for candidate code: generous for honest recursion (depth 10,000 uses a few MB at most). The guard stops
    /// recursion <see cref="RunGuard.Margin"/> before the end; recursion it cannot see (a single huge
    /// <c>stackalloc</c>, code outside the rewritten span) still overflows and kills the worker.
    /// </summary>
    private const int StackSize = 16 * 1024 * 1024;

    private static readonly Lock Gate = new();
    private static Runner? _runner;

    /// <returns><c>Finished</c> false: the thread was abandoned. <c>Trip</c>: why the guard stopped the call, if it did.</returns>
    public static (bool Finished, Exception? Error, double Milliseconds, GuardTrip Trip) Run(Action action, int timeoutMs)
    {
        Runner runner;
        lock (Gate)
        {
            runner = _runner ??= new Runner();
        }

        var start = Stopwatch.GetTimestamp();
        var (finished, error, trip) = runner.Run(action, timeoutMs);
        if (!finished)
        {
            lock (Gate)
            {
                _runner = null;
            }
        }

        return (finished, error, Stopwatch.GetElapsedTime(start).TotalMilliseconds, trip);
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

        public (bool Finished, Exception? Error, GuardTrip Trip) Run(Action action, int timeoutMs)
        {
            _action = action;
            _error = null;
            RunGuard.Arm();
            _start.Release();
            if (!_done.Wait(timeoutMs))
            {
                // Every guard check in the candidate now throws; it should unwind in microseconds, unless no check is
                // reached or a single step of it is long.
                RunGuard.Stop();
                if (!_done.Wait(GraceMs(timeoutMs)))
                {
                    // Still tripped, so the abandoned thread stops at the first check it ever reaches.
                    return (false, null, RunGuard.Tripped);
                }
            }

            // Finished: reset, so candidate code that trusted code calls between calls (xunit member data, read
            // outside any deadline) does not meet this call's trip.
            var trip = RunGuard.Tripped;
            RunGuard.Arm();
            return (true, _error, trip);
        }

        /// <summary>A quarter of the deadline, between 250 ms and one second: unwinding deep recursion takes a while.</summary>
        private static int GraceMs(int timeoutMs) => Math.Clamp(timeoutMs / 4, 250, 1000);

        private void Loop()
        {
            // This frame is the top of everything candidate code will use of this thread's stack.
            byte top = 0;
            RunGuard.UseStack(Unsafe.ByteOffset(ref Unsafe.NullRef<byte>(), ref top), StackSize);
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

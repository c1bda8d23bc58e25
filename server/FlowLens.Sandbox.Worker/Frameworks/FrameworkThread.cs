namespace FlowLens.Sandbox.Worker.Frameworks;

/// <summary>
/// Runs a framework's whole run on a thread of its own, with the large stack candidate recursion needs, and waits
/// until the run ends or the <see cref="TestWatchdog"/> abandons a test whose thread cannot be stopped.
/// </summary>
internal static class FrameworkThread
{
    private const int StackSize = 16 * 1024 * 1024;

    /// <returns>Finished: the run ended; otherwise its thread is abandoned. Error: what the framework threw.</returns>
    public static (bool Finished, Exception? Error) Run(Action run, TestWatchdog watchdog)
    {
        using var done = new ManualResetEventSlim(false);
        Exception? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    run();
                }
#pragma warning disable CA1031 // The framework's own failure is reported, never the worker's death.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    error = e;
                }
                finally
                {
                    // Set after the waiter may have given up: the event may be disposed by then.
                    try
                    {
                        done.Set();
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                }
            },
            StackSize)
        { IsBackground = true, Name = "test framework" };
        thread.Start();
        var which = WaitHandle.WaitAny([done.WaitHandle, watchdog.Abandoned.WaitHandle]);
        return (which == 0, error);
    }
}

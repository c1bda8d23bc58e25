namespace FlowLens.LanguageServer.Server;

/// <summary>
/// Keeps threads ready for the dispatcher while generations compute. A generation holds a thread-pool thread for as
/// long as a model call decodes (the in-process model computes synchronously between tokens), so a few generations
/// on a small machine take every thread the pool starts with; the pool then adds threads only about twice a second,
/// and a code-lens request waits for one. Raising the pool's minimum lets a new thread start at once instead.
/// </summary>
internal static class DispatcherThreads
{
    /// <summary>Threads the pool starts without delay: room for many concurrent generations plus the dispatcher's own work.</summary>
    public const int Minimum = 64;

    public static void Reserve()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < Minimum)
        {
            ThreadPool.SetMinThreads(Minimum, completionPorts);
        }
    }
}

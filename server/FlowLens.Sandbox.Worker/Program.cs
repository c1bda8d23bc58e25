namespace FlowLens.Sandbox.Worker;

/// <summary>The sandbox worker process; see <see cref="WorkerLoop"/>.</summary>
internal static class Program
{
    public static int Main() => WorkerLoop.Run();
}

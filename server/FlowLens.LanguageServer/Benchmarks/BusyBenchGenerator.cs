using System.Diagnostics;
using FlowLens.Core.Generation;
using FlowLens.Core.Tasks;

namespace FlowLens.LanguageServer.Benchmarks;

/// <summary>
/// A generator that works like the in-process model does: each "model call" computes on the thread it was called
/// on until it is done (llama.cpp decodes synchronously between tokens), so a running generation holds a thread-pool
/// thread and a core. Used to measure how the server answers while several generations run.
/// </summary>
internal sealed class BusyBenchGenerator(TimeSpan callLength, int calls) : IWorkflowGenerator
{
    private static readonly GeneratorStatus Busy = new(true, "busy", "bench", "cpu", true, "benchmark: simulated model work");

    public GeneratorStatus Status => Busy;

    public async Task<StagedRun> StartAsync(TaskTarget target, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        for (var i = 0; i < calls; i++)
        {
            await Task.Yield();
            Compute(callLength, cancellationToken);
            progress?.Report(new WorkflowProgress(10 + (i * 40 / calls), "result: model call " + i));
        }

        var full = await new BenchGenerator().GenerateAsync(target, null, cancellationToken).ConfigureAwait(false);
        return new StagedRun(full with { Contributions = [] }, ["draft", "repair"], async (p, ct) =>
        {
            await Task.Yield();
            Compute(callLength, ct);
            return full;
        });
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Busy arithmetic for <paramref name="length"/>, checking for cancellation now and then, as a decode loop does between tokens.</summary>
    private static void Compute(TimeSpan length, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var x = 1.0;
        while (Stopwatch.GetElapsedTime(started) < length)
        {
            for (var i = 0; i < 10_000; i++)
            {
                x = Math.Sqrt(x + i);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        GC.KeepAlive(x);
    }
}

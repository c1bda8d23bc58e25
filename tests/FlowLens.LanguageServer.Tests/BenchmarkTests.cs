using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Benchmarks;

namespace FlowLens.LanguageServer.Tests;

public sealed class BenchmarkTests
{
    [Fact]
    public void The_generated_file_has_the_requested_size_and_tasks()
    {
        var source = LanguageServerBenchmark.GenerateSource(5_000, 50);

        Assert.InRange(source.Split('\n').Length, 4_900, 5_000);
        Assert.Equal(50, TaskLocator.Find(source).Count);
    }

    [Fact]
    public async Task A_small_run_produces_every_figure()
    {
        var options = new LanguageServerBenchmarkOptions { Lines = 300, Tasks = 5, CodeLensRequests = 20, Edits = 10, Starts = 2 };

        var figures = await LanguageServerBenchmark.RunAsync(options, CancellationToken.None);

        Assert.Contains(figures, f => f.Name.StartsWith("codeLens p99", StringComparison.Ordinal) && f.Goal == "<= 5");
        Assert.Contains(figures, f => f.Name.StartsWith("start -> initialize result", StringComparison.Ordinal));
        Assert.Contains(figures, f => f.Name.StartsWith("incremental didChange apply", StringComparison.Ordinal));
        Assert.All(figures, f => Assert.True(double.IsFinite(f.Value) && f.Value >= 0, f.Name));
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FlowLens.Core.Evaluation;
using FlowLens.Sandbox;
using Spectre.Console;

namespace FlowLens.Cli.Commands;

/// <summary>
/// <c>flowlens bench sandbox</c>: cold start (first candidate from a new pool), warm per-candidate latency (compile and
/// run six xunit tests), time from a kill to the next result, and worker RSS after 100 and after N candidates.
/// </summary>
internal static class BenchSandboxCommand
{
    private const string Tests = """
        namespace Bench.Tests;

        public class CalculatorTests
        {
            [Fact] public void Adds() => Assert.Equal(3, Bench.Calculator.Add(1, 2));
            [Fact] public void Adds_negatives() => Assert.Equal(-3, Bench.Calculator.Add(-1, -2));
            [Theory]
            [InlineData(0, 0, 0)]
            [InlineData(2, 2, 4)]
            [InlineData(5, -5, 0)]
            public void Adds_rows(int a, int b, int expected) => Assert.Equal(expected, Bench.Calculator.Add(a, b));
            [Fact] public void Sums_a_list() => Assert.Equal(10, new List<int> { 1, 2, 3, 4 }.Aggregate(0, Bench.Calculator.Add));
        }
        """;

    public static Command Create()
    {
        var candidates = new Option<int>("--candidates") { Description = "Candidates for the memory figure.", DefaultValueFactory = _ => 1000 };
        var command = new Command("sandbox", "Benchmark the sandbox: cold start, warm latency, kill-to-next-result, worker memory.");
        command.Options.Add(candidates);
        command.SetAction(async (result, cancellationToken) =>
        {
            var total = Math.Max(200, result.GetValue(candidates));
            var options = new SandboxOptions(PoolSize: 1, TestTimeout: TimeSpan.FromMilliseconds(300), RunsPerWorker: total + 100);

            var cold = Stopwatch.StartNew();
            using var pool = new SandboxPool(options);
            var runner = new SandboxRunner(pool);
            var first = await Run(runner, 0, cancellationToken).ConfigureAwait(false);
            var coldMs = cold.Elapsed.TotalMilliseconds;
            if (first.Tests.Count(t => t.Outcome == TestOutcome.Passed) != 6)
            {
                await Console.Error.WriteLineAsync("the benchmark candidate did not pass its six tests: " + string.Join("; ", first.Diagnostics.Concat(first.Tests.Select(t => t.Message)))).ConfigureAwait(false);
                return 1;
            }

            var warm = new List<double>();
            long rss100 = 0;
            for (var i = 1; i < total; i++)
            {
                var watch = Stopwatch.StartNew();
                await Run(runner, i, cancellationToken).ConfigureAwait(false);
                warm.Add(watch.Elapsed.TotalMilliseconds);
                if (i == 100)
                {
                    rss100 = Rss(pool);
                }
            }

            var rssEnd = Rss(pool);

            // Kill and replace: a goto loop (which the run guard cannot see) times out, the worker is killed, the warm
            // spare answers the next candidate. A while loop is stopped by the guard inside the worker: no kill at all.
            var kills = new List<double>();
            var guarded = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                await pool.WarmUpAsync(cancellationToken).ConfigureAwait(false);
                await runner.RunProgramAsync(new SandboxFile("loop.cs", "using System.Diagnostics; class P { static void Main() { spin: goto spin; } static void Unreached() => Debug.Assert(true); }"), cancellationToken).ConfigureAwait(false);
                var watch = Stopwatch.StartNew();
                await Run(runner, i, cancellationToken).ConfigureAwait(false);
                kills.Add(watch.Elapsed.TotalMilliseconds);

                await runner.RunProgramAsync(new SandboxFile("loop.cs", "using System.Diagnostics; class P { static void Main() { while (true) { } } static void Unreached() => Debug.Assert(true); }"), cancellationToken).ConfigureAwait(false);
                watch.Restart();
                await Run(runner, i, cancellationToken).ConfigureAwait(false);
                guarded.Add(watch.Elapsed.TotalMilliseconds);
            }

            warm.Sort();
            kills.Sort();
            guarded.Sort();
            var table = new Table().Title($"flowlens bench sandbox ({Environment.ProcessorCount} cores, {Markup.Escape(pool.NetworkIsolationDescription)})").AddColumns("figure", "value", "goal");
            table.AddRow("cold start: first candidate (ms)", Ms(coldMs), "<= 1000");
            table.AddRow($"warm latency p50, compile + 6 tests (ms, {warm.Count} candidates)", Ms(Percentile(warm, 0.50)), "<= 20");
            table.AddRow("warm latency p95 (ms)", Ms(Percentile(warm, 0.95)), string.Empty);
            table.AddRow("kill to next result, median of 5 (ms)", Ms(Percentile(kills, 0.5)), "<= 150");
            table.AddRow("guard-stopped loop to next result, median of 5 (ms)", Ms(Percentile(guarded, 0.5)), string.Empty);
            table.AddRow("worker RSS after 100 candidates (MB)", Mb(rss100), string.Empty);
            table.AddRow($"worker RSS after {total} candidates (MB)", Mb(rssEnd), string.Empty);
            table.AddRow($"RSS growth 100 -> {total} (MB)", Mb(rssEnd - rss100), "<= 50");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Task<EvaluationReport> Run(SandboxRunner runner, int i, CancellationToken cancellationToken)
    {
        // Each candidate differs, as generated candidates do; nothing is cached between them.
        var source = $"namespace Bench;\npublic static class Calculator\n{{\n    public static int Add(int a, int b) => a + b + {i} - {i};\n}}\n";
        return runner.RunXunitAsync([new SandboxFile("Calculator.cs", source)], [new SandboxFile("CalculatorTests.cs", Tests)], cancellationToken);
    }

    /// <summary>The largest resident set among the pool's workers (the busy one; the spare has run only its warm-up).</summary>
    private static long Rss(SandboxPool pool)
    {
        long largest = 0;
        foreach (var pid in pool.WorkerProcessIds)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                largest = Math.Max(largest, process.WorkingSet64);
            }
            catch (ArgumentException)
            {
                // Exited between listing and reading.
            }
        }

        return largest;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Documents;
using FlowLens.LanguageServer.Rendering;
using FlowLens.LanguageServer.Tasks;

namespace FlowLens.LanguageServer.Benchmarks;

/// <summary>
/// <c>flowlens bench lsp</c>: what typing costs with the server attached. Code-lens latency on a large file with
/// many tasks, incremental change cost, start-to-initialize time and memory, measured end to end over
/// Content-Length framed pipes against an in-process server (and optionally a real server process).
/// </summary>
public static class LanguageServerBenchmark
{
    private const string Uri = "file:///bench/Generated.cs";

    public static async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(LanguageServerBenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var figures = new List<BenchmarkFigure>();
        await MeasureStartAsync(options, figures, cancellationToken).ConfigureAwait(false);
        if (options.Process is { } process)
        {
            await MeasureProcessStartAsync(process, figures, cancellationToken).ConfigureAwait(false);
        }

        await MeasureEditingAsync(options, figures, cancellationToken).ConfigureAwait(false);
        if (options.ConcurrentGenerations > 0)
        {
            await MeasureUnderGenerationsAsync(options, figures, cancellationToken).ConfigureAwait(false);
        }

        return figures;
    }

    /// <summary>The benchmark file: <paramref name="lines"/> lines of C# with <paramref name="tasks"/> evenly spaced task comments.</summary>
    public static string GenerateSource(int lines, int tasks)
    {
        var text = new StringBuilder("namespace Bench;\n\npublic static class Generated\n{\n");
        var perTask = Math.Max(8, (lines - 5) / Math.Max(1, tasks));
        for (var i = 0; i < tasks; i++)
        {
            text.Append("    // TASK: Return the checksum of block ").Append(i).Append(".\n");
            text.Append("    public static int Block").Append(i).Append("(int x)\n    {\n        var total = x;\n");
            for (var j = 0; j < perTask - 7; j++)
            {
                text.Append("        total += ").Append(j).Append(";\n");
            }

            text.Append("        return total;\n    }\n\n");
        }

        return text.Append("}\n").ToString();
    }

    private static async Task MeasureStartAsync(LanguageServerBenchmarkOptions options, List<BenchmarkFigure> figures, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        for (var i = 0; i < Math.Max(1, options.Starts); i++)
        {
            var clock = Stopwatch.StartNew();
            await using var session = InProcessSession.Start();
            await session.Client.RequestAsync("initialize", InitializeParams(), cancellationToken).ConfigureAwait(false);
            times.Add(clock.Elapsed.TotalMilliseconds);
            await session.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        figures.Add(new BenchmarkFigure("start -> initialize result, in-process, first (cold JIT)", times[0], "ms", "<= 1000"));
        if (times.Count > 1)
        {
            figures.Add(new BenchmarkFigure("start -> initialize result, in-process, median of later", Percentile(times.Skip(1), 0.5), "ms", "<= 1000"));
        }
    }

    private static async Task MeasureProcessStartAsync(ProcessStartInfo start, List<BenchmarkFigure> figures, CancellationToken cancellationToken)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        var client = new BenchClient(process.StandardInput.BaseStream, process.StandardOutput.BaseStream);
        await using (client.ConfigureAwait(false))
        {
            await client.RequestAsync("initialize", InitializeParams(), cancellationToken).ConfigureAwait(false);
            figures.Add(new BenchmarkFigure("start -> initialize result, new process", clock.Elapsed.TotalMilliseconds, "ms", "<= 1000"));
            await client.NotifyAsync("initialized", new JsonObject(), cancellationToken).ConfigureAwait(false);
            await client.RequestAsync("shutdown", null, cancellationToken).ConfigureAwait(false);
            process.Refresh();
            figures.Add(new BenchmarkFigure("server process peak working set (idle, no model)", process.PeakWorkingSet64 / (1024.0 * 1024.0), "MiB"));
            await client.NotifyAsync("exit", null, cancellationToken).ConfigureAwait(false);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
    }

    private static async Task MeasureEditingAsync(LanguageServerBenchmarkOptions options, List<BenchmarkFigure> figures, CancellationToken cancellationToken)
    {
        var source = GenerateSource(options.Lines, options.Tasks);
        var sites = TaskLocator.Find(source);
        var before = GC.GetTotalMemory(forceFullCollection: true);

        await using var session = InProcessSession.Start();
        var client = session.Client;
        await client.RequestAsync("initialize", InitializeParams(), cancellationToken).ConfigureAwait(false);
        await client.NotifyAsync("initialized", new JsonObject(), cancellationToken).ConfigureAwait(false);
        await client.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = source },
        }, cancellationToken).ConfigureAwait(false);

        var lensParams = new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = Uri } };
        var clock = Stopwatch.StartNew();
        var first = await client.RequestAsync("textDocument/codeLens", lensParams.DeepClone(), cancellationToken).ConfigureAwait(false);
        figures.Add(new BenchmarkFigure($"codeLens, first on open ({source.Split('\n').Length} lines, {first["result"]!.AsArray().Count} lenses; parses)", clock.Elapsed.TotalMilliseconds, "ms"));

        var cached = await TimeAsync(options.CodeLensRequests, () => client.RequestAsync("textDocument/codeLens", lensParams.DeepClone(), cancellationToken)).ConfigureAwait(false);
        figures.Add(new BenchmarkFigure($"codeLens p50 ({options.Tasks} tasks, no results)", Percentile(cached, 0.5), "ms"));
        figures.Add(new BenchmarkFigure($"codeLens p99 ({options.Tasks} tasks, no results)", Percentile(cached, 0.99), "ms", "<= 5"));

        // The handler's own cost, without transport and scheduling: building the lenses from a cached version.
        var document = new Document(Uri, 1, new DocumentText(source));
        var runs = new TaskRunStore();
        _ = document.Tasks;
        for (var i = 0; i < WarmUpCalls(options.CodeLensRequests); i++)
        {
            _ = TaskLenses.Build(document, runs);
        }

        var handler = new List<double>(options.CodeLensRequests);
        for (var i = 0; i < options.CodeLensRequests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            _ = TaskLenses.Build(document, runs);
            handler.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        figures.Add(new BenchmarkFigure("codeLens handler only p50 (cached version, no transport)", Percentile(handler, 0.5), "ms"));
        figures.Add(new BenchmarkFigure("codeLens handler only p99 (cached version, no transport)", Percentile(handler, 0.99), "ms", "<= 5"));

        foreach (var site in sites)
        {
            var arguments = new JsonArray(new JsonObject { ["uri"] = Uri, ["line"] = site.CommentRange.Start.Line });
            await client.RequestAsync("workspace/executeCommand", new JsonObject { ["command"] = "flowlens.server.generate", ["arguments"] = arguments }, cancellationToken).ConfigureAwait(false);
        }

        var withResults = await TimeAsync(options.CodeLensRequests, () => client.RequestAsync("textDocument/codeLens", lensParams.DeepClone(), cancellationToken)).ConfigureAwait(false);
        var lensCount = (await client.RequestAsync("textDocument/codeLens", lensParams.DeepClone(), cancellationToken).ConfigureAwait(false))["result"]!.AsArray().Count;
        figures.Add(new BenchmarkFigure($"codeLens p50 ({options.Tasks} tasks with results, {lensCount} lenses)", Percentile(withResults, 0.5), "ms"));
        figures.Add(new BenchmarkFigure($"codeLens p99 ({options.Tasks} tasks with results, {lensCount} lenses)", Percentile(withResults, 0.99), "ms", "<= 5"));

        // Typing in the middle of the file: one character in, one character out, each followed by the lens request VS Code sends.
        var line = sites[sites.Count / 2].BodyRange.Start.Line + 2;
        var version = 1;
        var edits = new List<double>();
        for (var i = 0; i < options.Edits; i++)
        {
            var insert = i % 2 == 0;
            var change = new JsonObject
            {
                ["range"] = Range(line, 8, line, insert ? 8 : 9),
                ["text"] = insert ? "x" : string.Empty,
            };
            var started = Stopwatch.GetTimestamp();
            await client.NotifyAsync("textDocument/didChange", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = Uri, ["version"] = ++version },
                ["contentChanges"] = new JsonArray(change),
            }, cancellationToken).ConfigureAwait(false);
            await client.RequestAsync("textDocument/codeLens", lensParams.DeepClone(), cancellationToken).ConfigureAwait(false);
            edits.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        figures.Add(new BenchmarkFigure("didChange + codeLens round trip p50 (re-locates tasks, incremental reparse)", Percentile(edits, 0.5), "ms"));
        figures.Add(new BenchmarkFigure("didChange + codeLens round trip p99 (re-locates tasks, incremental reparse)", Percentile(edits, 0.99), "ms"));

        var text = new DocumentText(source);
        var apply = new List<double>();
        for (var i = 0; i < options.Edits; i++)
        {
            var started = Stopwatch.GetTimestamp();
            text = text.Apply(Keystroke(line, i));
            apply.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        figures.Add(new BenchmarkFigure("incremental didChange apply p50 (text + line index)", Percentile(apply, 0.5), "ms"));
        figures.Add(new BenchmarkFigure("incremental didChange apply p99 (text + line index)", Percentile(apply, 0.99), "ms"));
        MeasureReparse(source, line, options.Edits, figures);

        var after = GC.GetTotalMemory(forceFullCollection: true);
        using var self = Process.GetCurrentProcess();
        figures.Add(new BenchmarkFigure("managed heap growth with the file open and 50 results", (after - before) / (1024.0 * 1024.0), "MiB"));
        figures.Add(new BenchmarkFigure("bench process working set (server + client)", self.WorkingSet64 / (1024.0 * 1024.0), "MiB"));
        await session.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// codeLens while <see cref="LanguageServerBenchmarkOptions.ConcurrentGenerations"/> generations compute, each
    /// holding a thread as the in-process model does; lens requests are spaced as an editor sends them while typing.
    /// </summary>
    private static async Task MeasureUnderGenerationsAsync(LanguageServerBenchmarkOptions options, List<BenchmarkFigure> figures, CancellationToken cancellationToken)
    {
        var source = GenerateSource(options.Lines, options.Tasks);
        var sites = TaskLocator.Find(source);
        await using var session = InProcessSession.Start(new BusyBenchGeneratorFactory(TimeSpan.FromMilliseconds(500), 1_000));
        var client = session.Client;
        await client.RequestAsync("initialize", InitializeParams(), cancellationToken).ConfigureAwait(false);
        await client.NotifyAsync("initialized", new JsonObject(), cancellationToken).ConfigureAwait(false);
        await client.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = source },
        }, cancellationToken).ConfigureAwait(false);
        var lensParams = new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = Uri } };
        await client.RequestAsync("textDocument/codeLens", lensParams.DeepClone(), cancellationToken).ConfigureAwait(false);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var generations = sites.Take(options.ConcurrentGenerations).Select(site => client.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "flowlens.server.generate",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = Uri, ["line"] = site.CommentRange.Start.Line }),
        }, stop.Token)).ToList();

        // Let every generation start computing before measuring.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        var times = new List<double>(options.LoadedCodeLensRequests);
        for (var i = 0; i < options.LoadedCodeLensRequests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await client.RequestAsync("textDocument/codeLens", lensParams.DeepClone(), cancellationToken).ConfigureAwait(false);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }

        var running = generations.Count(g => !g.IsCompleted);
        await client.RequestAsync("workspace/executeCommand", new JsonObject { ["command"] = "flowlens.server.cancel", ["arguments"] = new JsonArray() }, cancellationToken).ConfigureAwait(false);
        await ((Task)Task.WhenAll(generations)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var label = $"{options.ConcurrentGenerations} generations computing ({running} still running at the end), {Environment.ProcessorCount} cores";
        figures.Add(new BenchmarkFigure($"codeLens p50 with {label}", Percentile(times, 0.5), "ms"));
        figures.Add(new BenchmarkFigure($"codeLens p99 with {label}", Percentile(times, 0.99), "ms", "<= 100"));
        await session.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The handler's own cost of a keystroke followed by a lens request, without transport: with a full parse of the new
    /// text (what the server did before it kept a tree), with the previous version's tree reparsed incrementally, and
    /// for a burst of keystrokes that one incremental reparse covers.
    /// </summary>
    private static void MeasureReparse(string source, int line, int edits, List<BenchmarkFigure> figures)
    {
        const int Burst = 10;
        var runs = new TaskRunStore();
        var full = new Document(Uri, 1, new DocumentText(source));
        var incremental = full;
        var burst = full;
        var fullTimes = new List<double>(edits);
        var incrementalTimes = new List<double>(edits);
        var burstTimes = new List<double>(edits);
        for (var i = -WarmUpCalls(edits); i < edits; i++)
        {
            var started = Stopwatch.GetTimestamp();
            full = new Document(Uri, full.Version + 1, full.Text.Apply(Keystroke(line, i)));
            _ = TaskLenses.Build(full, runs);
            var fullTime = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            started = Stopwatch.GetTimestamp();
            incremental = incremental.WithText(incremental.Version + 1, incremental.Text.Apply(Keystroke(line, i)));
            _ = TaskLenses.Build(incremental, runs);
            var incrementalTime = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            started = Stopwatch.GetTimestamp();
            for (var k = 0; k < Burst; k++)
            {
                burst = burst.WithText(burst.Version + 1, burst.Text.Apply(Keystroke(line, k)));
            }

            _ = TaskLenses.Build(burst, runs);
            var burstTime = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (i >= 0)
            {
                fullTimes.Add(fullTime);
                incrementalTimes.Add(incrementalTime);
                burstTimes.Add(burstTime);
            }
        }

        figures.Add(new BenchmarkFigure("didChange + codeLens handler only p50, full parse (no transport)", Percentile(fullTimes, 0.5), "ms"));
        figures.Add(new BenchmarkFigure("didChange + codeLens handler only p50, incremental tree (no transport)", Percentile(incrementalTimes, 0.5), "ms"));
        figures.Add(new BenchmarkFigure("didChange + codeLens handler only p99, incremental tree (no transport)", Percentile(incrementalTimes, 0.99), "ms"));
        figures.Add(new BenchmarkFigure($"{Burst} didChanges + codeLens handler only p50, incremental tree (one reparse)", Percentile(burstTimes, 0.5), "ms"));
    }

    /// <summary>Typing in a method body: even steps insert an <c>x</c> at column 8, odd steps delete it again.</summary>
    private static DocumentChange Keystroke(int line, int step)
    {
        var insert = step % 2 == 0;
        return new DocumentChange(new TextRange(new TextPosition(line, 8), new TextPosition(line, insert ? 8 : 9)), insert ? "x" : string.Empty);
    }

    /// <summary>Times <paramref name="count"/> calls after a warm-up, so tiered JIT recompilation is not what the percentiles show.</summary>
    private static async Task<List<double>> TimeAsync(int count, Func<Task> action)
    {
        for (var i = 0; i < WarmUpCalls(count); i++)
        {
            await action().ConfigureAwait(false);
        }

        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await action().ConfigureAwait(false);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return times;
    }

    private static int WarmUpCalls(int measured) => Math.Min(200, measured / 5);

    private static double Percentile(IEnumerable<double> values, double fraction)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Ceiling(fraction * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    private static JsonObject InitializeParams() => new()
    {
        ["processId"] = null,
        ["rootUri"] = "file:///bench",
        ["capabilities"] = new JsonObject
        {
            ["workspace"] = new JsonObject { ["applyEdit"] = true, ["workspaceEdit"] = new JsonObject { ["documentChanges"] = true } },
        },
    };

    private static JsonObject Range(int startLine, int startCharacter, int endLine, int endCharacter) => new()
    {
        ["start"] = new JsonObject { ["line"] = startLine, ["character"] = startCharacter },
        ["end"] = new JsonObject { ["line"] = endLine, ["character"] = endCharacter },
    };
}

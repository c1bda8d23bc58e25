using System.Diagnostics;
using System.Text.Json.Nodes;
using FlowLens.Core.Generation;

namespace FlowLens.LanguageServer.Benchmarks;

/// <summary>
/// Time to verified code against time to full lenses, end to end through the language server: from the
/// <c>flowlens.server.generate</c> request to the server's <c>workspace/applyEdit</c> (the code), and to the request's
/// answer (attribution done, lenses complete). Each repeat runs in a fresh server with a fresh generator, so no step
/// is a cache hit from an earlier repeat.
/// </summary>
public static class StagesBenchmark
{
    public static async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(IWorkflowGeneratorFactory generators, string workspaceRoot, string filePath, int line, int repeats, string label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generators);
        var uri = new Uri(filePath).AbsoluteUri;
        var root = new Uri(workspaceRoot).AbsoluteUri;
        var text = await File.ReadAllTextAsync(filePath, cancellationToken).ConfigureAwait(false);
        var toCode = new List<double>();
        var toLenses = new List<double>();
        var workflow = new List<double>();
        for (var i = 0; i < Math.Max(1, repeats); i++)
        {
            await using var session = InProcessSession.Start(generators);
            var client = session.Client;
            await client.RequestAsync("initialize", new JsonObject
            {
                ["processId"] = null,
                ["rootUri"] = root,
                ["capabilities"] = new JsonObject
                {
                    ["workspace"] = new JsonObject { ["applyEdit"] = true, ["workspaceEdit"] = new JsonObject { ["documentChanges"] = true } },
                },
            }, cancellationToken).ConfigureAwait(false);
            await client.NotifyAsync("initialized", new JsonObject(), cancellationToken).ConfigureAwait(false);
            await client.NotifyAsync("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = text },
            }, cancellationToken).ConfigureAwait(false);

            var started = Stopwatch.GetTimestamp();
            var response = await client.RequestAsync("workspace/executeCommand", new JsonObject
            {
                ["command"] = "flowlens.server.generate",
                ["arguments"] = new JsonArray(new JsonObject { ["uri"] = uri, ["line"] = line }),
            }, cancellationToken).ConfigureAwait(false);
            var done = Stopwatch.GetTimestamp();
            var result = response["result"]!;
            if (!(bool)result["applied"]! || (string?)result["attribution"] != "done")
            {
                throw new InvalidOperationException($"the benchmark run did not apply its code and attribute it: {result.ToJsonString()}");
            }

            var edit = client.ServerRequests.First(r => r.Method == "workspace/applyEdit").Timestamp;
            toCode.Add(Stopwatch.GetElapsedTime(started, edit).TotalMilliseconds);
            toLenses.Add(Stopwatch.GetElapsedTime(started, done).TotalMilliseconds);
            workflow.Add((double)result["resultMs"]!);
            await session.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        var code = Median(toCode);
        var lenses = Median(toLenses);
        return
        [
            new BenchmarkFigure($"the workflow alone (compose, execute, test; the engine's resultMs), median of {workflow.Count}", Median(workflow), "ms"),
            new BenchmarkFigure($"time to verified code (generate -> applyEdit), median of {toCode.Count}, {label}", code, "ms"),
            new BenchmarkFigure($"time to full lenses (generate -> attributed answer), median of {toLenses.Count}, {label}", lenses, "ms"),
            new BenchmarkFigure("time to verified code / time to full lenses", code / lenses, "x", "< 1"),
        ];
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[(sorted.Count - 1) / 2];
    }
}

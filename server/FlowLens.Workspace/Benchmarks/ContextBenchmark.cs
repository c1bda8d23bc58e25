using System.Diagnostics;
using FlowLens.Core.Context;
using FlowLens.Core.Tasks;
using FlowLens.Workspace.Context;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.Workspace.Benchmarks;

/// <summary>
/// Times context assembly on a <see cref="GeneratedSolution"/>: the first assembly (compilations built on demand),
/// then repeated assemblies on the loaded solution (the language server's steady state), then an edit of the task's
/// file followed by an assembly (what a generation after typing costs).
/// </summary>
public static class ContextBenchmark
{
    public static async Task<ContextBenchmarkResult> RunAsync(int libraries, int typesPerProject, int runs, ContextBudget budget, CancellationToken cancellationToken)
    {
        var build = Stopwatch.StartNew();
        var generated = GeneratedSolution.Create(libraries, typesPerProject);
        var buildMs = build.Elapsed.TotalMilliseconds;
        var site = TaskLocator.Find(generated.TargetText).Single();
        var target = new TaskTarget(generated.TargetPath, generated.TargetText, site, new TaskTests.None());
        var options = ContextAssemblyOptions.Default with { Budget = budget };
        var source = new SolutionContextSource(() => generated.Solution, options);

        var cold = Stopwatch.StartNew();
        var context = await source.AssembleAsync(target, cancellationToken).ConfigureAwait(false);
        var coldMs = cold.Elapsed.TotalMilliseconds;

        var warm = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            var again = await source.AssembleAsync(target, cancellationToken).ConfigureAwait(false);
            warm.Add(watch.Elapsed.TotalMilliseconds);
            if (!string.Equals(again.Text, context.Text, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Context assembly is not deterministic on an unchanged solution.");
            }
        }

        var edited = new List<double>();
        var solution = generated.Solution;
        var document = solution.GetDocumentIdsWithFilePath(generated.TargetPath).Single();
        for (var i = 0; i < runs; i++)
        {
            var text = generated.TargetText.Replace("rounded to cents.", $"rounded to cents ({i}).", StringComparison.Ordinal);
            var watch = Stopwatch.StartNew();
            solution = solution.WithDocumentText(document, SourceText.From(text));
            var snapshot = solution;
            var editedTarget = target with { SourceText = text, Site = TaskLocator.Find(text).Single() };
            await new SolutionContextSource(() => snapshot, options).AssembleAsync(editedTarget, cancellationToken).ConfigureAwait(false);
            edited.Add(watch.Elapsed.TotalMilliseconds);
        }

        return new ContextBenchmarkResult(generated.ProjectCount, generated.DocumentCount, buildMs, coldMs, Percentile(warm, 0.5), Percentile(warm, 0.9), Percentile(edited, 0.5), context);
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(p * sorted.Count))];
    }
}

using System.Text.RegularExpressions;
using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;
using FlowLens.Sandbox.Worker.Compilation;
using FlowLens.Sandbox.Worker.Protocol;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace FlowLens.Sandbox.Tests;

/// <summary>
/// The run guard: runaway loops and runaway recursion in candidate code end as that test's timeout or error inside the
/// worker, the job's other tests still run and the worker is kept; what the guard cannot reach (a <c>goto</c> loop)
/// still ends by replacing the worker. The rewrite itself is checked in process: it compiles every shape of code and
/// moves no line.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class GuardTests(SandboxFixture sandbox)
{
    private const string Recursion = "recursion too deep (stack nearly exhausted)";

    [Fact]
    public async Task An_endless_loop_is_that_tests_timeout_and_the_next_test_still_passes()
    {
        var (report, replaced) = await RunXunit(
            "public static int Add(int a, int b) { while (a == 42) { } return a + b; }",
            "[Fact] public void Loops() => Assert.Equal(42, C.Add(42, 0)); [Fact] public void Adds() => Assert.Equal(3, C.Add(1, 2));");

        Assert.Equal("TP", Outcomes.Of(report));
        Assert.Contains("did not finish within 2000 ms", report.Tests[0].Message, StringComparison.Ordinal);
        Assert.Null(report.Crash);
        Assert.False(replaced, "the worker was replaced after a loop the guard stopped");
    }

    [Fact]
    public async Task After_three_stopped_timeouts_the_rest_of_the_job_is_not_run()
    {
        // A candidate that loops on every input would otherwise take a test timeout per test, into the run timeout.
        var (report, replaced) = await RunXunit(
            "public static int Add(int a, int b) { while (a > 0) { } return a + b; }",
            "[Fact] public void A() => C.Add(1, 0); [Fact] public void B() => C.Add(2, 0); [Fact] public void D() => C.Add(3, 0); [Fact] public void E() => Assert.Equal(0, C.Add(0, 0));");

        Assert.Equal("TTTE", Outcomes.Of(report));
        Assert.Equal("not run: 3 tests or checks of this candidate timed out already", report.Tests[3].Message);
        Assert.False(replaced, "the worker was replaced after loops the guard stopped");
    }

    [Fact]
    public async Task Unbounded_recursion_is_that_tests_error_naming_recursion_and_the_worker_survives()
    {
        // Expression-bodied: the rewrite gives it a block body to hold the entry check.
        var (report, replaced) = await RunXunit(
            "public static int Depth(int n) => Depth(n + 1) + 1; public static int Add(int a, int b) => a + b;",
            "[Fact] public void Recurses() => Assert.Equal(0, C.Depth(0)); [Fact] public void Adds() => Assert.Equal(3, C.Add(1, 2));");

        Assert.Equal("EP", Outcomes.Of(report));
        Assert.Equal(Recursion, report.Tests[0].Message);
        Assert.Null(report.Crash);
        Assert.False(replaced, "the worker was replaced after recursion the guard stopped");
    }

    [Fact]
    public async Task Recursion_through_an_expression_lambda_is_stopped_too()
    {
        // Not a tail call (the JIT turns k => f(k + 1) into a jump, a loop that the guard ends as a timeout).
        var (report, _) = await RunXunit(
            "public static int Forever(int n) { System.Func<int, int> f = null!; f = k => System.Math.Max(f(k + 1), 0); return f(n); }",
            "[Fact] public void Recurses() => Assert.Equal(0, C.Forever(0));");

        Assert.Equal("E", Outcomes.Of(report));
        Assert.Equal(Recursion, report.Tests[0].Message);
        Assert.Null(report.Crash);
    }

    [Fact]
    public async Task A_loop_that_catches_every_exception_still_ends()
    {
        // The inner loop's stop is caught by the outer loop's catch-all (filtered, once tripped) or not at all.
        var (report, replaced) = await RunXunit(
            """
            public static int Spin()
            {
                while (true) { try { while (true) { } } catch (System.Exception) { } }
            }
            public static int Throwing()
            {
                while (true) { try { throw new System.InvalidOperationException(); } catch { } }
            }
            public static int Add(int a, int b) => a + b;
            """,
            "[Fact] public void Spins() => Assert.Equal(0, C.Spin()); [Fact] public void Throws() => Assert.Equal(0, C.Throwing()); [Fact] public void Adds() => Assert.Equal(3, C.Add(1, 2));");

        Assert.Equal("TTP", Outcomes.Of(report));
        Assert.Null(report.Crash);
        Assert.False(replaced, "the worker was replaced after loops the guard stopped");
    }

    [Fact]
    public async Task Recursion_that_catches_and_recurses_again_still_ends_inside_the_worker()
    {
        // Without the catch filter each handler would recurse again on top of the exception's dispatch and overflow.
        var (report, replaced) = await RunXunit(
            "public static int R(int n) { try { return R(n + 1); } catch { return R(n + 1); } }",
            "[Fact] public void Recurses() => Assert.Equal(0, C.R(0));");

        Assert.Equal("E", Outcomes.Of(report));
        Assert.Equal(Recursion, report.Tests[0].Message);
        Assert.Null(report.Crash);
        Assert.False(replaced, "the worker was replaced");
    }

    [Fact]
    public async Task Honest_deep_recursion_still_passes()
    {
        var (report, _) = await RunXunit(
            """
            public static int Depth(int n) => n == 0 ? 0 : 1 + Depth(n - 1);
            public static long Sum(int n) { long Go(int k) => k == 0 ? 0 : k + Go(k - 1); return Go(n); }
            """,
            "[Fact] public void Deep() => Assert.Equal(10_000, C.Depth(10_000)); [Fact] public void Local() => Assert.Equal(50_005_000L, C.Sum(10_000));");

        Assert.Equal("PP", Outcomes.Of(report));
    }

    [Fact]
    public async Task A_goto_loop_is_still_stopped_by_replacing_the_worker()
    {
        // No loop statement, no call: nothing for the guard to hold on to. The worker answers with a timeout, asks
        // to be replaced, and the pool kills it; the remaining test is reported as not run.
        var (report, replaced) = await RunXunit(
            "public static int Spin() { spin: goto spin; } public static int Add(int a, int b) => a + b;",
            "[Fact] public void Spins() => Assert.Equal(0, C.Spin()); [Fact] public void Adds() => Assert.Equal(3, C.Add(1, 2));");

        Assert.Equal("TE", Outcomes.Of(report));
        Assert.StartsWith("not run: the worker is replaced", report.Tests[1].Message, StringComparison.Ordinal);
        Assert.True(replaced, "the worker that looped is still alive");
        Assert.Equal("P", Outcomes.Of(await sandbox.Runner.RunProgramAsync(new SandboxFile("ok.cs", "using System.Diagnostics; class P { static void Main() { Debug.Assert(1 + 1 == 2); } }"), CancellationToken.None)));
    }

    [Fact]
    public async Task A_candidate_body_that_recurses_forever_is_each_checks_error()
    {
        // Only the body is policed here (the declaration is the user's): the entry check goes in after its brace.
        const string source = """
            public class Numbers
            {
                // TASK: Return n.
                // >>> Same(3)
                // 3
                // Same(0) == 0
                public static int Same(int n)
                {
                    return 0;
                }
            }
            """;
        var target = new TaskTarget("/virtual/Numbers.cs", source, TaskLocator.Find(source).Single(), new TaskTests.None());

        var report = await sandbox.Evaluator.EvaluateAsync(new EvaluationRequest(target, "{ return Same(n + 1) + 1; }"), CancellationToken.None);

        Assert.Null(report.Crash);
        Assert.Equal("EE", Outcomes.Of(report.Examples.Select(e => e.Outcome)));
        Assert.All(report.Examples, e => Assert.Equal(Recursion, e.Message));
    }

    [Fact]
    public void The_rewrite_compiles_every_shape_and_moves_no_line()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Linq.Expressions;
            using System.Threading.Tasks;

            public class Shapes
            {
                private int _value;
                public int Value => _value;
                public int Settable { get => _value; set => _value = value; }
                public int this[int i] => i + _value;
                public Shapes() => _value = 1;
                public static Shapes operator +(Shapes a, Shapes b) => a;
                public static implicit operator int(Shapes s) => s._value;
                public void Nothing() => Console.WriteLine();
                public int Throws() => throw new InvalidOperationException();
                public async Task Later() => await Task.Yield();
                public async Task<int> LaterValue() => await Task.FromResult(1);
                public ref int Ref() => ref _value;
                public IEnumerable<int> Items() { yield return 1; }
                public int Loops(int[] xs)
                {
                    var total = 0;
                    for (var i = 0; i < xs.Length; i++) total += xs[i];
                    foreach (var x in xs) { total += x; }
                    foreach (var (a, b) in new[] { (1, 2) }) total += a + b;
                    while (total > 100) total--;
                    do { total++; } while (total < 0);
                    while (total > 1000) while (total > 2000) total--;
                    int Local(int n) => n + 1;
                    Func<int, int> twice = n => n * 2;
                    Action say = () => Console.WriteLine(total);
                    Func<Task> wait = async () => await Task.Yield();
                    Func<int> fail = () => throw new InvalidOperationException();
                    Func<int, Func<int, int>> curry = a => b => a + b;
                    Expression<Func<int, int>> tree = x => x + Math.Abs(x);
                    var query = new[] { 1 }.AsQueryable().Where(x => x > twice(0));
                    var fromQuery = from x in xs where x > 0 select Local(x);
                    Func<int, int> handler = delegate (int n) { return n; };
                    try { total += Local(1); } catch (InvalidOperationException e) when (e.Message.Length > 0) { total--; } catch (ArgumentException) { total++; } catch { }
                    return total + Local(2) + twice(3) + curry(1)(2) + handler(1) + fromQuery.Count() + query.Count();
                }
            }
            """;
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(source, parse, "Shapes.cs");
        var compilation = CSharpCompilation.Create("Shapes", [tree], ReferenceSet.Core, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(Errors(compilation));

        var whole = new TextSpan(0, source.Length);
        var (text, _) = ProgramAssertRewriter.Apply(source, GuardRewriter.Rewrite(compilation.GetSemanticModel(tree), whole, []), whole);
        var guarded = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(text, parse, "Shapes.cs"));

        Assert.Empty(Errors(guarded));
        var before = source.ReplaceLineEndings("\n").Split('\n');
        var after = text.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal(before.Length, after.Length);
        Assert.Equal(22, Regex.Count(text, @"RunGuard\.Enter\(\)"));
        Assert.Equal(7, Regex.Count(text, @"RunGuard\.Loop\(\)"));
        Assert.Equal(3, Regex.Count(text, @"when \(global::FlowLens\.Sandbox\.Worker\.Execution\.RunGuard\.MayCatch\(\)"));

        // Expression trees (and queries, which may be expression trees) cannot hold a block: left as written.
        foreach (var kept in new[] { "Expression<Func<int, int>> tree", "AsQueryable", "from x in xs" })
        {
            Assert.Contains(before.Single(l => l.Contains(kept, StringComparison.Ordinal)), after);
        }
    }

    [Fact]
    public void Diagnostics_point_at_the_candidates_own_columns()
    {
        const string line = "    public static int F(int x) { for (;;) { return x + y; } }";
        var job = CompileOnly("public static class C\n{\n" + line + "\n}\n");

        var compiled = JobCompiler.Compile(job);

        Assert.False(compiled.Compiled);
        Assert.Contains(compiled.Diagnostics, d => d.StartsWith($"Candidate.cs(3,{line.IndexOf("y;", StringComparison.Ordinal) + 1}): error CS0103", StringComparison.Ordinal));
    }

    [Fact]
    public void Candidate_code_may_not_call_the_guard_itself()
    {
        var compiled = JobCompiler.Compile(CompileOnly("public static class C { public static bool F() => FlowLens.Sandbox.Worker.Execution.RunGuard.MayCatch(); }"));

        Assert.Contains(compiled.Rejected, v => v.Symbol.StartsWith("FlowLens.Sandbox.Worker.Execution.RunGuard", StringComparison.Ordinal));
    }

    /// <summary>Runs an xunit job on the shared pool; <c>Replaced</c>: a worker alive before the run was gone after it.</summary>
    private async Task<(EvaluationReport Report, bool Replaced)> RunXunit(string members, string tests)
    {
        await sandbox.Pool.WarmUpAsync(CancellationToken.None);
        var before = sandbox.Pool.WorkerProcessIds.ToList();
        Assert.NotEmpty(before);

        var report = await sandbox.Runner.RunXunitAsync(
            [new SandboxFile("C.cs", "namespace Guarded;\npublic static class C\n{\n" + members + "\n}\n")],
            [new SandboxFile("CTests.cs", "namespace Guarded.Tests;\npublic class CTests\n{\n" + tests + "\n}\n")],
            CancellationToken.None);

        // A retired worker is killed as the run ends; give the kill a moment to be seen.
        for (var i = 0; i < 50 && before.All(Outcomes.IsAlive); i++)
        {
            await Task.Delay(20);
        }

        return (report, !before.All(Outcomes.IsAlive));
    }

    private static WorkerJob CompileOnly(string text) => new()
    {
        Mode = JobMode.CompileOnly,
        Projects = [new JobProject { Sources = [new JobSource { Path = "Candidate.cs", Text = text, PolicedLength = -1 }] }],
    };

    private static List<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
}

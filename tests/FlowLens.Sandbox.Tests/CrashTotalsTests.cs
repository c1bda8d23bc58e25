using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;

namespace FlowLens.Sandbox.Tests;

/// <summary>
/// A worker that dies or is killed returns no result, yet the report must list every test and check (as errors or
/// timeouts naming the crash), so <see cref="EvaluationReport.Total"/> stays the number of the user's tests.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class CrashTotalsTests(SandboxFixture sandbox)
{
    // One frame larger than the whole stack: the run guard stops runaway recursion, but nothing can check this in time.
    private const string Overflow = "static int R(int n) { System.Span<byte> s = stackalloc byte[1 << 26]; s[0] = (byte)n; return s[0] + 1; }";

    [Fact]
    public async Task A_program_that_overflows_its_stack_reports_every_assert_as_an_error_naming_the_crash()
    {
        var program = $"using System.Diagnostics;\nclass P {{ {Overflow}\nstatic void Main() {{\nDebug.Assert(1 == 1);\nDebug.Assert(R(0) == 1);\nDebug.Assert(2 == 2);\n}} }}";

        var report = await sandbox.Runner.RunProgramAsync(new SandboxFile("so.cs", program), CancellationToken.None);

        Assert.NotNull(report.Crash);
        Assert.Equal(["assert line 4", "assert line 5", "assert line 6"], report.Tests.Select(t => t.Name));
        Assert.Equal("EEE", Outcomes.Of(report));
        Assert.All(report.Tests, t => Assert.Contains("died", t.Message, StringComparison.Ordinal));
        Assert.Equal(3, report.Total);
        Assert.Equal(0, report.PassRate);
    }

    [Fact]
    public async Task An_xunit_run_that_crashes_lists_every_discovered_test()
    {
        var folder = Path.Combine(Paths.Fixtures, "sandbox", "xunit");
        var source = (await File.ReadAllTextAsync(Path.Combine(folder, "Calculator.cs")))
            .Replace("public static int Add(int a, int b) => a + b;", $"public static int Add(int a, int b) => R(a); {Overflow}", StringComparison.Ordinal);
        var tests = await File.ReadAllTextAsync(Path.Combine(folder, "CalculatorTests.cs"));

        var report = await sandbox.Runner.RunXunitAsync([new SandboxFile("Calculator.cs", source)], [new SandboxFile("CalculatorTests.cs", tests)], CancellationToken.None);

        Assert.NotNull(report.Crash);
        Assert.Equal(
            ["CalculatorTests.Adds", "CalculatorTests.Adds_wrongly_on_purpose", "CalculatorTests.Divides_by_zero",
             "CalculatorTests.Adds_rows(1, 1, 2)", "CalculatorTests.Adds_rows(-1, 1, 0)", "CalculatorTests.Adds_rows(2, 2, 5)"],
            report.Tests.Select(t => t.Name));
        Assert.Equal("EEEEEE", Outcomes.Of(report));
        Assert.All(report.Tests, t => Assert.Equal(report.Crash, t.Message));
    }

    [Fact]
    public async Task A_candidate_that_crashes_keeps_its_comment_examples_in_the_total()
    {
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
        var site = TaskLocator.Find(source).Single();
        var target = new TaskTarget("/virtual/Numbers.cs", source, site, new TaskTests.None());

        var report = await sandbox.Evaluator.EvaluateAsync(new EvaluationRequest(target, "{ System.Span<byte> s = stackalloc byte[1 << 26]; s[0] = 1; return s[0] + n; }"), CancellationToken.None);

        Assert.NotNull(report.Crash);
        Assert.Equal(2, report.Total);
        Assert.Equal("EE", Outcomes.Of(report.Examples.Select(e => e.Outcome)));
        Assert.All(report.Examples, e => Assert.Contains("died", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Console_output_is_carried_into_the_diagnostics()
    {
        var program = "using System; using System.Diagnostics;\nclass P { static void Main() { Console.WriteLine(\"hello from the candidate\"); Debug.Assert(true); } }";

        var report = await sandbox.Runner.RunProgramAsync(new SandboxFile("out.cs", program), CancellationToken.None);

        Assert.Equal("P", Outcomes.Of(report));
        Assert.Contains("console output: hello from the candidate", report.Diagnostics);
    }
}

using FlowLens.Core.Evaluation;
using FlowLens.Core.Tasks;

namespace FlowLens.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class ExampleTests(SandboxFixture sandbox)
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Linq;

        public class Numbers
        {
            // TASK: Return the first n squares.
            // >>> Squares(3)
            // [0, 1, 4]
            // Squares(0) == new List<int>()
            public static List<long> Squares(int n)
            {
                return null;
            }

            private int _offset = 10;

            // TASK: Add the offset.
            // Shift(1) == 11
            public int Shift(int x)
            {
                return 0;
            }
        }
        """;

    [Theory]
    [InlineData("Squares", "{ return Enumerable.Range(0, n).Select(i => (long)i * i).ToList(); }", "PP")]
    [InlineData("Squares", "{ return Enumerable.Range(0, n).Select(i => (long)i).ToList(); }", "FP")]
    [InlineData("Squares", "{ throw new System.NotImplementedException(); }", "EE")]
    [InlineData("Shift", "{ return x + _offset; }", "P")]
    [InlineData("Shift", "{ return x; }", "F")]
    public async Task Check(string method, string body, string expected)
    {
        var report = await Evaluate(method, body, []);

        Assert.True(report.Compiled);
        Assert.Empty(report.Tests);
        Assert.Equal(expected, Outcomes.Of(report.Examples.Select(e => e.Outcome)));
    }

    [Fact]
    public async Task Observed_values_are_rendered_and_reported_without_an_expected_value()
    {
        var report = await Evaluate(
            "Squares",
            "{ return Enumerable.Range(0, n).Select(i => (long)i * i).ToList(); }",
            [new TaskExample("Squares(4)", null, ExampleOrigin.Generated), new TaskExample("Squares(1).Count", "2", ExampleOrigin.Generated), new TaskExample("Squares(2).Count", "2", ExampleOrigin.Generated)]);

        Assert.Equal("[0, 1, 4]", report.Examples[0].Observed);
        Assert.Equal("[0, 1, 4, 9]", report.Examples[2].Observed);
        Assert.Equal(TestOutcome.Passed, report.Examples[2].Outcome);
        Assert.Equal(TestOutcome.Failed, report.Examples[3].Outcome);
        Assert.Equal("expected 2, got 1", report.Examples[3].Message);
        Assert.Equal(0.5, report.GeneratedPassRate);
    }

    [Fact]
    public async Task A_check_that_does_not_compile_is_its_own_error_and_the_candidate_still_runs()
    {
        var report = await Evaluate(
            "Squares",
            "{ return Enumerable.Range(0, n).Select(i => (long)i * i).ToList(); }",
            [new TaskExample("Squares(\"three\")", "1", ExampleOrigin.Generated)]);

        Assert.True(report.Compiled);
        Assert.Equal("PPE", Outcomes.Of(report.Examples.Select(e => e.Outcome)));
        Assert.StartsWith("check did not compile: ", report.Examples[2].Message, StringComparison.Ordinal);
        Assert.Equal(1.0, report.PassRate);
    }

    [Fact]
    public async Task A_check_is_policed_like_the_candidate()
    {
        var report = await Evaluate(
            "Squares",
            "{ return new List<long>(); }",
            [new TaskExample("System.IO.File.Exists(\"/etc/passwd\")", null, ExampleOrigin.Generated)]);

        Assert.Contains(report.Rejected, v => v.Symbol == "System.IO.File.Exists");
    }

    private Task<EvaluationReport> Evaluate(string method, string body, IReadOnlyList<TaskExample> extra)
    {
        var site = TaskLocator.Find(Source).Single(s => s.MethodName == method);
        var target = new TaskTarget("/virtual/Numbers.cs", Source, site, new TaskTests.None());
        return sandbox.Evaluator.EvaluateAsync(new EvaluationRequest(target, body, extra), CancellationToken.None);
    }
}

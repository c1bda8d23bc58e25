using FlowLens.Core.Capabilities;
using FlowLens.Core.Composition;
using FlowLens.Core.Tests.Doubles;
using FlowLens.Core.Workflows;

namespace FlowLens.Core.Tests.Workflows;

public sealed class WorkflowStitcherTests
{
    [Theory]
    [InlineData("repair", "draft -> run-tests -> repair")]
    [InlineData("vote", "draft -> vote")]
    [InlineData("revise", "draft -> review -> revise")]
    [InlineData("vote,draft:n=3,run-tests,repair", "draft x3 -> run-tests -> repair -> vote")]
    [InlineData("plan,edge-tests,draft,run-tests", "plan -> edge-tests -> draft -> run-tests")]
    [InlineData("", "draft")]
    public void Inserts_needed_steps_and_orders_by_types(string selection, string expected) =>
        Check(selection, expected);

    [Fact]
    public void Edges_follow_types_and_side_producers_run_in_parallel()
    {
        var workflow = WorkflowStitcher.Stitch(Parse("plan,edge-tests,draft,run-tests,repair"), Fixtures.Library);
        var deps = workflow.Steps.ToDictionary(s => s.Id, s => string.Join(",", s.DependsOn));
        Assert.Equal(string.Empty, deps["plan"]);
        Assert.Equal("plan", deps["edge-tests"]); // edge-tests reads the plan when there is one
        Assert.Equal("plan", deps["draft"]);
        Assert.Equal("draft,edge-tests", deps["run-tests"]);
        Assert.Equal("run-tests,plan", deps["repair"]);
    }

    /// <summary>Property: any selection, including junk ids and wild parameters, stitches into a valid DAG.</summary>
    [Fact]
    public void Ten_thousand_random_selections_all_stitch_into_valid_dags()
    {
        var library = Fixtures.Library;
        var ids = library.Capabilities.Select(c => c.Id).Append("teleport").Append("").ToArray();
        var random = new Random(20261124);
        for (var i = 0; i < 10_000; i++)
        {
            var selection = ids.Where(_ => random.NextDouble() < 0.35)
                .Select(id => new SelectedCapability(id, random.NextDouble(), new Dictionary<string, double>
                {
                    ["n"] = random.Next(-5, 50),
                    ["temperature"] = (random.NextDouble() * 10) - 5,
                    ["rounds"] = random.Next(-3, 9),
                }))
                .OrderBy(_ => random.Next())
                .ToList();
            var workflow = WorkflowStitcher.Stitch(selection, library);
            AssertValid(workflow, $"selection #{i}: {string.Join(",", selection.Select(s => s.Id))}");
        }
    }

    internal static void AssertValid(Workflow workflow, string context)
    {
        var seen = new HashSet<string>();
        Assert.True(workflow.Steps.Count > 0, context);
        foreach (var step in workflow.Steps)
        {
            Assert.True(seen.Add(step.Id), $"{context}: duplicate step {step.Id}");
            Assert.All(step.DependsOn, d => Assert.True(seen.Contains(d) && d != step.Id, $"{context}: {step.Id} depends on later or missing {d}"));
            foreach (var input in step.Capability.Inputs.Where(t => t != ArtefactType.Task))
            {
                Assert.True(
                    step.DependsOn.Any(d => workflow.Steps.First(s => s.Id == d).Capability.Outputs.Contains(input)),
                    $"{context}: {step.Id} needs {input} but no dependency produces it");
            }

            foreach (var p in step.Capability.Parameters)
            {
                var v = step.Parameters[p.Name];
                Assert.True(v >= p.Minimum && v <= p.Maximum, $"{context}: {step.Id}.{p.Name}={v} out of range");
            }
        }

        Assert.Contains(workflow.Steps, s => s.Capability.Outputs.Contains(ArtefactType.Candidates) && !s.Capability.Inputs.Contains(ArtefactType.Candidates));
    }

    private static void Check(string selection, string expected)
    {
        var workflow = WorkflowStitcher.Stitch(Parse(selection), Fixtures.Library);
        AssertValid(workflow, selection);
        Assert.Equal(expected, workflow.Label);
    }

    /// <summary>"draft:n=3,repair" -> selections.</summary>
    internal static List<SelectedCapability> Parse(string selection) =>
        selection.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(item =>
        {
            var parts = item.Split(':');
            var parameters = parts.Skip(1).Select(p => p.Split('=')).ToDictionary(kv => kv[0], kv => double.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture));
            return new SelectedCapability(parts[0], 1, parameters);
        }).ToList();
}

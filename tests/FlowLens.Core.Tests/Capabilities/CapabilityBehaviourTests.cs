using FlowLens.Core.Capabilities;
using FlowLens.Core.Composition;
using FlowLens.Core.Tests.Doubles;
using FlowLens.Core.Workflows;

namespace FlowLens.Core.Tests.Capabilities;

public sealed class CapabilityBehaviourTests
{
    private const string TerseDraft = """
        ---
        id: terse-draft
        kind: llm
        description: Write one terse candidate.
        inputs: task
        outputs: candidates
        behaviour: sample-candidates
        order: 21
        parameters:
          n: int 1..2 = 2 | candidates
          temperature: number 0..1 = 0.3 | sampling temperature
        ---
        Write the shortest correct body for: {{task}}
        """;

    [Fact]
    public void Every_built_in_capability_names_a_known_behaviour()
    {
        Assert.All(Fixtures.Library.Capabilities, c => Assert.Contains(c.NamedBehaviour, CapabilityBehaviours.All));
        Assert.Equal(CapabilityBehaviours.SampleCandidates, Fixtures.Library["draft"].Behaviour);
        Assert.Equal(CapabilityBehaviours.RepairFromFailures, Fixtures.Library["repair"].Behaviour);
        Assert.Equal(CapabilityBehaviours.SelectByVote, Fixtures.Library["vote"].Behaviour);
    }

    [Fact]
    public async Task A_workspace_capability_reuses_a_behaviour_with_its_own_prompt_and_parameters()
    {
        var workspace = Directory.CreateTempSubdirectory("flowlens-behaviour");
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(workspace.FullName, ".flowlens", "capabilities"));
            File.WriteAllText(Path.Combine(folder.FullName, "terse-draft.md"), TerseDraft);
            var library = CapabilityLibrary.Load(RepoPaths.Capabilities, workspace.FullName);
            Assert.Empty(library.Errors);
            var model = new ScriptedChatClient(new()
            {
                ["terse-draft"] = (prompt, o) => prompt.Contains("Write the shortest correct body", StringComparison.Ordinal) ? $"```csharp\n{{ /*terse*/ return a + b; /* {o.Seed} */ }}\n```" : "{ /*wrong prompt*/ }",
            });
            var evaluator = new TableEvaluator { PassingByMarker = new() { ["/*terse*/"] = 5 } };
            var workflow = WorkflowStitcher.Stitch([new SelectedCapability("terse-draft", 1, new Dictionary<string, double>())], library);

            var result = await new WorkflowExecutor(model, "scripted", new StepCache(), TimeProvider.System)
                .ExecuteAsync(workflow, Fixtures.Target(), new EvaluationMemo(evaluator), ExecutionOptions.Default, new HashSet<string>(), null, CancellationToken.None);

            Assert.Equal("terse-draft x2", workflow.Label);
            Assert.Equal(2, model.Calls["terse-draft"]); // n = 2 samples, as the file's default says
            Assert.Contains("/*terse*/", result.FinalBody, StringComparison.Ordinal);
            Assert.Equal(2, result.FinalCandidates.Count);
        }
        finally
        {
            workspace.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_override_without_a_behaviour_keeps_the_built_ins()
    {
        var workspace = Directory.CreateTempSubdirectory("flowlens-behaviour");
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(workspace.FullName, ".flowlens", "capabilities"));
            File.WriteAllText(Path.Combine(folder.FullName, "repair.md"), "---\nid: repair\nkind: llm\ndescription: Fix it, politely.\ninputs: candidates, results\noutputs: candidates\n---\nPlease fix: {{candidate}}\n");

            var library = CapabilityLibrary.Load(RepoPaths.Capabilities, workspace.FullName);

            Assert.Equal("Fix it, politely.", library["repair"].Description);
            Assert.Equal(CapabilityBehaviours.RepairFromFailures, library["repair"].Behaviour);
        }
        finally
        {
            workspace.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_unknown_behaviour_is_an_error_on_its_line()
    {
        var error = Assert.Throws<CapabilityFileException>(() => CapabilityFileParser.Parse("x.md", "---\nid: x\nkind: tool\ndescription: d\nbehaviour: teleport\n---\n"));

        Assert.Equal(5, error.Line);
        Assert.StartsWith("unknown behaviour 'teleport' (known: sample-candidates, ", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_composite_keeps_its_parts_order_and_parameters()
    {
        var composite = CapabilityFileParser.Parse("c.md", "---\nid: composite-draft-run-tests-repair\nkind: composite\nparts: draft(n=3, temperature=0.8), run-tests, repair(rounds=2)\ndescription: d\n---\n");
        var library = new CapabilityLibrary([.. Fixtures.Library.Capabilities, composite], []);

        var workflow = WorkflowStitcher.Stitch([new SelectedCapability(composite.Id, 1, new Dictionary<string, double>())], library);

        Assert.Equal(["draft", "run-tests", "repair"], composite.Parts);
        Assert.Equal("draft(n=3, temperature=0.8) -> run-tests -> repair(rounds=2)", workflow.Description);
    }

    [Fact]
    public void A_composite_part_that_cannot_be_read_is_an_error()
    {
        var error = Assert.Throws<CapabilityFileException>(() => CapabilityFileParser.Parse("c.md", "---\nid: c\nkind: composite\nparts: draft(n=lots), repair\ndescription: d\n---\n"));

        Assert.Equal(4, error.Line);
        Assert.Equal("part 'draft': expected 'name=number', found 'n=lots'", error.Problem);
    }
}

using FlowLens.Core.Context;
using FlowLens.Core.Tasks;
using FlowLens.Core.Tests.Doubles;
using FlowLens.Core.Workflows;

namespace FlowLens.Core.Tests.Context;

public sealed class WorkspaceContextInPromptsTests
{
    private static readonly TaskContext Invoice = new(
        [new ContextItem(ContextItemKind.EnclosingType, "Invoice (Invoice.cs)", "public sealed class Invoice\n{\n    private readonly string _currency;\n}", 20)],
        [new ContextItem(ContextItemKind.Test, "a test that calls it", "[Fact] public void T() { }", 9)],
        24,
        100,
        "estimate",
        false,
        []);

    [Fact]
    public async Task Every_model_step_starts_with_the_same_context_assembled_once_per_task()
    {
        var world = new KnownEffects();
        var source = new CountingSource(Invoice);
        var executor = new WorkflowExecutor(world.Model, "scripted", new StepCache(), TimeProvider.System);
        var workflow = WorkflowStitcher.Stitch(Workflows.WorkflowStitcherTests.Parse("draft:n=2,repair"), Fixtures.Library);
        var target = Fixtures.Target();
        var options = ExecutionOptions.Default with { Context = source };
        var evaluations = new EvaluationMemo(world.Evaluator);

        var full = await executor.ExecuteAsync(workflow, target, evaluations, options, new HashSet<string>(), null, CancellationToken.None);
        await executor.ExecuteAsync(workflow, target, evaluations, options, new HashSet<string> { "repair" }, null, CancellationToken.None);

        Assert.Equal(1, source.Calls);
        var prompted = full.Traces.Where(t => t.Prompt is not null).ToList();
        Assert.Equal(["draft", "repair"], prompted.Select(t => t.CapabilityId));
        Assert.All(prompted, t => Assert.StartsWith(Invoice.Text, t.Prompt!, StringComparison.Ordinal));
        Assert.All(prompted, t => Assert.Same(Invoice, t.Context));
        Assert.Null(full.Traces.Single(t => t.CapabilityId == "run-tests").Context);
        Assert.Equal(WorkflowExecutor.SystemInstruction, world.Model.LastSystemMessage);
    }

    [Fact]
    public async Task Without_a_source_prompts_carry_no_context()
    {
        var world = new KnownEffects();
        var executor = new WorkflowExecutor(world.Model, "scripted", new StepCache(), TimeProvider.System);
        var workflow = WorkflowStitcher.Stitch(Workflows.WorkflowStitcherTests.Parse("draft"), Fixtures.Library);

        var result = await executor.ExecuteAsync(workflow, Fixtures.Target(), new EvaluationMemo(world.Evaluator), ExecutionOptions.Default, new HashSet<string>(), null, CancellationToken.None);

        var draft = result.Traces.Single(t => t.CapabilityId == "draft");
        Assert.DoesNotContain(TaskContext.Heading, draft.Prompt!, StringComparison.Ordinal);
        Assert.StartsWith("You are an expert C# developer.", draft.Prompt!, StringComparison.Ordinal);
        Assert.Null(draft.Context);
    }

    [Fact]
    public void The_summary_counts_what_is_shown_and_what_was_cut()
    {
        Assert.Equal("1 type(s), 0 extension class(es), 0 test(s), 0 call site(s); 24 of 100 tokens (estimated); 1 piece(s) cut for the budget", Invoice.Summary);
        Assert.Equal("none (no workspace)", TaskContext.Unavailable("no workspace").Summary);
        Assert.Equal(new ContextBudget(3276), ContextBudget.FromContextWindow(8192));
        Assert.Throws<ArgumentOutOfRangeException>(() => ContextBudget.FromContextWindow(8192, 1.5));
    }

    [Fact]
    public void Benchmark_tasks_show_no_test_file_and_workspace_tasks_hide_only_what_they_name()
    {
        var hidden = Path.GetFullPath("/w/tests/Hidden.cs");
        Assert.False(new TaskTests.Program("class P { }").MayShowTestFile("/w/tests/Any.cs"));
        Assert.True(new TaskTests.Workspace("/w").MayShowTestFile("/w/tests/Any.cs"));
        var workspace = new TaskTests.Workspace("/w", new HashSet<string>(StringComparer.Ordinal) { hidden });
        Assert.False(workspace.MayShowTestFile(hidden));
        Assert.True(workspace.MayShowTestFile("/w/tests/Shown.cs"));
    }

    private sealed class CountingSource(TaskContext context) : ITaskContextSource
    {
        private int _calls;

        public int Calls => _calls;

        public Task<TaskContext> AssembleAsync(TaskTarget target, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(context);
        }
    }
}

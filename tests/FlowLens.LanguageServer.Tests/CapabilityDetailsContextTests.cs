using FlowLens.Core.Context;
using FlowLens.Core.Generation;
using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Rendering;

namespace FlowLens.LanguageServer.Tests;

public sealed class CapabilityDetailsContextTests
{
    [Fact]
    public void The_details_show_what_context_the_step_was_given_and_what_was_cut()
    {
        var source = "class Invoice\n{\n    // TASK: Total the invoice.\n    public decimal Total() => 0m;\n}\n";
        var site = TaskLocator.Find(source).Single();
        var context = new TaskContext(
            [new ContextItem(ContextItemKind.EnclosingType, "Billing.Invoice, the type being edited (Invoice.cs, project Billing)", "class Invoice { }", 12)],
            [new ContextItem(ContextItemKind.Test, "a test that calls it (InvoiceTests.cs:9, project Billing.Tests)", "[Fact] void T() { }", 40)],
            14,
            30,
            "llama.cpp tokenizer of tiny",
            true,
            ["1 test(s) hidden by the task"]);
        var step = new WorkflowRunStep("s1", "draft", "draft", context.Text + "\nYou are an expert C# developer.", "{ return 0m; }", 5, 1, 10, false, "1 candidate(s)", context);
        var run = new WorkflowRun("r1", "Invoice.cs:Total", [step], "{ return 0m; }", null, [], "graph", TimeSpan.FromSeconds(1), new GeneratorStatus(true, "tiny", "local", "cpu", false));

        var markdown = CapabilityDetailsRenderer.Render(site, run, new CapabilityContribution("draft", 1, 1, 0, null)).Markdown;

        Assert.Contains("### Workspace context", markdown, StringComparison.Ordinal);
        Assert.Contains("1 type(s), 0 extension class(es), 0 test(s), 0 call site(s); 14 of 30 tokens (model tokenizer); 1 piece(s) cut for the budget; counted with llama.cpp tokenizer of tiny.", markdown, StringComparison.Ordinal);
        Assert.Contains("- shown: Billing.Invoice, the type being edited (Invoice.cs, project Billing) (12 tokens)", markdown, StringComparison.Ordinal);
        Assert.Contains("- cut for the budget: a test that calls it (InvoiceTests.cs:9, project Billing.Tests) (40 tokens)", markdown, StringComparison.Ordinal);
        Assert.Contains("- 1 test(s) hidden by the task", markdown, StringComparison.Ordinal);
        Assert.True(markdown.IndexOf("### Workspace context", StringComparison.Ordinal) < markdown.IndexOf("### Prompt", StringComparison.Ordinal));
    }
}

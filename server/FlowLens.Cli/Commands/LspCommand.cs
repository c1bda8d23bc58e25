using System.CommandLine;
using FlowLens.Cli.Composition;
using FlowLens.LanguageServer;
using FlowLens.Workspace;

namespace FlowLens.Cli.Commands;

/// <summary><c>flowlens lsp</c>: the language server on stdin/stdout; logs go to stderr.</summary>
internal static class LspCommand
{
    public static Command Create()
    {
        var command = new Command("lsp", "Start the FlowLens language server on stdio.");
        command.Options.Add(new Option<bool>("--stdio") { Description = "Use stdio (the default and only transport; accepted for editors that pass it)." });
        command.SetAction(async (_, cancellationToken) =>
        {
            // One set of workspace views for the server's life: the editor's text flows into them, and generation,
            // context assembly and "Run its tests" all read them.
            using var views = new SolutionViewCache();
            using var tests = new SandboxMethodTests(views);
            var factory = new WorkflowGeneratorFactory(ProductPaths.Discover(), new GeneratorOptions { Log = Console.Error, SolutionViews = views });
            var options = new LanguageServerOptions { Log = Console.Error, MethodTests = tests, EditorDocuments = new SolutionViewDocuments(views) };
            await using var input = Console.OpenStandardInput();
            await using var output = Console.OpenStandardOutput();
            return await LanguageServerHost.RunAsync(input, output, factory, options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}

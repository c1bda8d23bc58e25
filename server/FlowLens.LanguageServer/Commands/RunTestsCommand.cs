using System.Text.Json;
using FlowLens.Core.Tasks;
using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Rendering;
using FlowLens.LanguageServer.Server;
using FlowLens.LanguageServer.Tasks;

namespace FlowLens.LanguageServer.Commands;

/// <summary>
/// <c>flowlens.server.runTests</c> <c>{ uri, line }</c>: runs the tests that exercise the task's method as it stands
/// (the editor's text, no model) in the sandbox, says the outcome in a message and returns the details document.
/// </summary>
internal sealed class RunTestsCommand(ServerContext server) : ICommandHandler
{
    public string Command => FlowLensCommands.RunTests;

    public async Task<JsonElement?> ExecuteAsync(ExecuteCommandParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Single<RunTestsArguments>(parameters);
        var runner = server.MethodTests
            ?? throw Dispatcher.Error(LspErrorCodes.RequestFailed, "This server has no sandbox to run tests in.");
        var document = context.Snapshot.Find(arguments.Uri)
            ?? throw Dispatcher.Error(LspErrorCodes.RequestFailed, $"{arguments.Uri} is not open.");
        var site = TaskSelection.At(document, arguments.Line)?.Site
            ?? throw Dispatcher.Error(LspErrorCodes.RequestFailed, $"No task at line {arguments.Line + 1}.");
        var filePath = DocumentUris.ToFilePath(document.Uri);
        var target = new TaskTarget(filePath, document.Text.Text, site, new TaskTests.Workspace(server.Roots.RootFor(filePath)));

        // Off the dispatcher: loading the workspace and starting a worker must not stall typing.
        var report = await Task.Run(() => runner.RunAsync(target, cancellationToken), cancellationToken).ConfigureAwait(false);
        var result = TestRunRenderer.Render(site, report);
        var allPassed = !report.RanNothing && report.Passed == report.Total;
        await server.Client.ShowMessageAsync(allPassed ? MessageType.Info : MessageType.Warning, result.Summary).ConfigureAwait(false);
        return ProtocolJson.ToElement(result);
    }
}

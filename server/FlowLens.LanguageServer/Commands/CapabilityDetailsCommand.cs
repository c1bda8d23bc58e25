using System.Text.Json;
using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Rendering;
using FlowLens.LanguageServer.Server;
using FlowLens.LanguageServer.Tasks;

namespace FlowLens.LanguageServer.Commands;

/// <summary><c>flowlens.server.capabilityDetails</c>: the markdown behind a capability lens.</summary>
internal sealed class CapabilityDetailsCommand(ServerContext server) : ICommandHandler
{
    public string Command => FlowLensCommands.CapabilityDetails;

    public Task<JsonElement?> ExecuteAsync(ExecuteCommandParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Single<CapabilityDetailsArguments>(parameters);
        var document = context.Snapshot.Find(arguments.Uri)
            ?? throw Dispatcher.Error(LspErrorCodes.RequestFailed, $"{arguments.Uri} is not open.");
        var site = TaskSelection.At(document, arguments.Line)?.Site
            ?? throw Dispatcher.Error(LspErrorCodes.RequestFailed, $"No task at line {arguments.Line + 1}.");
        var completed = server.Runs.Completed(TaskKey.For(document.Uri, site))
            ?? throw Dispatcher.Error(LspErrorCodes.RequestFailed, $"No workflow has run for {site.MethodName} yet.");
        var contribution = completed.Run.Contributions.FirstOrDefault(c => c.CapabilityId == arguments.Capability);
        if (contribution is null && (completed.Attribution == AttributionState.Done || !completed.Capabilities.Contains(arguments.Capability)))
        {
            throw Dispatcher.Error(LspErrorCodes.RequestFailed, $"The workflow for {site.MethodName} has no capability '{arguments.Capability}'.");
        }

        var pending = contribution is null ? TaskLenses.PendingTitle(arguments.Capability, completed.Attribution) : null;
        var details = CapabilityDetailsRenderer.Render(site, completed.Run, arguments.Capability, contribution, pending);
        return Task.FromResult<JsonElement?>(ProtocolJson.ToElement(details));
    }
}

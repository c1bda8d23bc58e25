using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer.Handlers;

/// <summary><c>flowlens/workflowGraph</c>: the last workflow (in the given document, if any), or null.</summary>
internal sealed class WorkflowGraphHandler(ServerContext server) : IRequestHandler<WorkflowGraphParams?, WorkflowGraphResult?>
{
    public Task<WorkflowGraphResult?> HandleAsync(WorkflowGraphParams? parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var last = server.Runs.Last(parameters?.Uri);
        return Task.FromResult(last is null ? null : ProtocolConversion.ToWorkflowGraph(last.Run));
    }
}

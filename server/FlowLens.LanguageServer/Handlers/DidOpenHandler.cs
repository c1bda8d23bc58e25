using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Documents;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer.Handlers;

internal sealed class DidOpenHandler(ServerContext server, TaskSitePrefetch prefetch) : INotificationHandler<DidOpenTextDocumentParams>
{
    public Task HandleAsync(DidOpenTextDocumentParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var document = parameters.TextDocument;
        server.Documents.Open(document.Uri, document.Version, document.Text ?? string.Empty);
        prefetch.Schedule(document.Uri, document.Version, server.Lifecycle.ShutdownToken);
        return Task.CompletedTask;
    }
}

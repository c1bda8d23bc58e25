using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer.Handlers;

internal sealed class DidOpenHandler(ServerContext server) : INotificationHandler<DidOpenTextDocumentParams>
{
    public Task HandleAsync(DidOpenTextDocumentParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var document = parameters.TextDocument;
        server.Documents.Open(document.Uri, document.Version, document.Text ?? string.Empty);
        return Task.CompletedTask;
    }
}

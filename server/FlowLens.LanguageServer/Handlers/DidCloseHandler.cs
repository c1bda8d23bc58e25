using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer.Handlers;

/// <summary>Forgets the text; results stay, so reopening the file shows them again if the task is unchanged.</summary>
internal sealed class DidCloseHandler(ServerContext server) : INotificationHandler<DidCloseTextDocumentParams>
{
    public Task HandleAsync(DidCloseTextDocumentParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        server.Documents.Close(parameters.TextDocument.Uri);
        if (server.EditorDocuments is { } editor && DocumentUris.IsFile(parameters.TextDocument.Uri))
        {
            editor.Closed(DocumentUris.ToFilePath(parameters.TextDocument.Uri));
        }

        return Task.CompletedTask;
    }
}

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
        if (server.EditorDocuments is { } editor && DocumentUris.IsFile(document.Uri))
        {
            // Opening a file of a workspace folder warms that folder's view (MSBuild loads in the background) and
            // hands it the editor's text; a file outside every folder loads nothing until a command needs it.
            var path = DocumentUris.ToFilePath(document.Uri);
            var root = server.Roots.RootFor(path);
            if (server.Roots.Roots.Contains(root, StringComparer.Ordinal))
            {
                editor.Opened(root, path, document.Text ?? string.Empty);
            }
            else
            {
                editor.Changed(path, document.Text ?? string.Empty);
            }
        }

        prefetch.Schedule(document.Uri, document.Version, server.Lifecycle.ShutdownToken);
        return Task.CompletedTask;
    }
}

using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Rendering;
using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer.Handlers;

/// <summary><c>textDocument/codeLens</c>: read-only, from the snapshot's task sites (cached per document version).</summary>
internal sealed class CodeLensHandler(ServerContext server) : IRequestHandler<CodeLensParams, IReadOnlyList<CodeLens>>
{
    public Task<IReadOnlyList<CodeLens>> HandleAsync(CodeLensParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var document = context.Snapshot.Find(parameters.TextDocument.Uri);
        if (document is null)
        {
            return Task.FromResult<IReadOnlyList<CodeLens>>([]);
        }

        var lenses = TaskLenses.Build(document, server.Runs);
        return Task.FromResult<IReadOnlyList<CodeLens>>(server.MethodTests is null ? lenses : [.. lenses, .. TestLenses.Build(document)]);
    }
}

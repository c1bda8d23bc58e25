using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Rendering;
using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer.Handlers;

internal sealed class CodeLensResolveHandler(ServerContext server) : IRequestHandler<CodeLens, CodeLens>
{
    public Task<CodeLens> HandleAsync(CodeLens parameters, RequestContext context, CancellationToken cancellationToken) =>
        Task.FromResult(TaskLenses.Resolve(parameters, server.Runs));
}

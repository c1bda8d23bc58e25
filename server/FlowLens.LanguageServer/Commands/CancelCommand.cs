using System.Text.Json;
using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Server;

namespace FlowLens.LanguageServer.Commands;

/// <summary><c>flowlens.server.cancel</c>: cancels one generation (by the id its lens carries), the generations in one document, or all of them.</summary>
internal sealed class CancelCommand(ServerContext server) : ICommandHandler
{
    public string Command => FlowLensCommands.Cancel;

    public Task<JsonElement?> ExecuteAsync(ExecuteCommandParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Optional<CancelCommandArguments>(parameters);
        server.Runs.Cancel(arguments?.Uri, arguments?.Task);
        return Task.FromResult<JsonElement?>(null);
    }
}

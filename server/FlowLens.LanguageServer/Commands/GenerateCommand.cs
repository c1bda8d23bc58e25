using System.Text.Json;
using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Generation;
using FlowLens.LanguageServer.Protocol;

namespace FlowLens.LanguageServer.Commands;

/// <summary><c>flowlens.server.generate</c> <c>{ uri, line, selection? }</c>.</summary>
internal sealed class GenerateCommand(GenerationService generation) : ICommandHandler
{
    public string Command => FlowLensCommands.Generate;

    public async Task<JsonElement?> ExecuteAsync(ExecuteCommandParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Single<GenerateCommandArguments>(parameters);
        if (string.IsNullOrEmpty(arguments.Uri))
        {
            throw Dispatcher.Error(LspErrorCodes.InvalidParams, $"{Command} needs a uri.");
        }

        var result = await generation.GenerateAsync(arguments, parameters.WorkDoneToken, context, cancellationToken).ConfigureAwait(false);
        return ProtocolJson.ToElement(result);
    }
}

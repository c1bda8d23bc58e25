using System.Text.Json;
using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Protocol;

namespace FlowLens.LanguageServer.Commands;

/// <summary>Reads a command's single argument object; a missing or malformed one is InvalidParams, not a crash.</summary>
internal static class CommandArguments
{
    public static T Single<T>(ExecuteCommandParams parameters)
        where T : class =>
        Optional<T>(parameters) ?? throw Dispatcher.Error(LspErrorCodes.InvalidParams, $"{parameters.Command} needs one argument.");

    public static T? Optional<T>(ExecuteCommandParams parameters)
        where T : class
    {
        if (parameters.Arguments is not { Count: > 0 } arguments || arguments[0].ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        try
        {
            return arguments[0].Deserialize<T>(ProtocolJson.Options);
        }
        catch (JsonException ex)
        {
            throw Dispatcher.Error(LspErrorCodes.InvalidParams, $"{parameters.Command}: bad argument: {ex.Message}");
        }
    }
}

using System.Text.Json;
using FlowLens.LanguageServer.Commands;
using FlowLens.LanguageServer.Dispatch;
using FlowLens.LanguageServer.Documents;
using FlowLens.LanguageServer.Generation;
using FlowLens.LanguageServer.Protocol;
using FlowLens.LanguageServer.Server;
using FlowLens.LanguageServer.Transport;

namespace FlowLens.LanguageServer.Handlers;

/// <summary>Every method the server handles, in one place, each marked read-only or mutating.</summary>
internal static class HandlerTable
{
    public static IReadOnlyList<HandlerRegistration> Create(ServerContext server)
    {
        var settings = new SettingsSource(server);
        var generation = new GenerationService(server);
        var prefetch = new TaskSitePrefetch(server.Documents, server.Time, server.Log);
        ICommandHandler[] commands =
        [
            new GenerateCommand(generation),
            new CancelCommand(server),
            new CapabilityDetailsCommand(server),
            new RunTestsCommand(server),
        ];

        return
        [
            new RequestRegistration<InitializeParams, InitializeResult>(LspMethods.Initialize, RequestKind.Mutating, new InitializeHandler(server)),
            new NotificationRegistration<JsonElement?>(LspMethods.Initialized, RequestKind.Mutating, new InitializedHandler(settings), ParamsPresence.Optional),
            new RequestRegistration<JsonElement?, JsonElement?>(LspMethods.Shutdown, RequestKind.Mutating, new ShutdownHandler(server), ParamsPresence.Optional),
            new NotificationRegistration<JsonElement?>(LspMethods.Exit, RequestKind.ReadOnly, new ExitHandler(server), ParamsPresence.Optional),
            new NotificationRegistration<DidOpenTextDocumentParams>(LspMethods.DidOpen, RequestKind.Mutating, new DidOpenHandler(server, prefetch)),
            new NotificationRegistration<DidChangeTextDocumentParams>(LspMethods.DidChange, RequestKind.Mutating, new DidChangeHandler(server, prefetch)),
            new NotificationRegistration<DidCloseTextDocumentParams>(LspMethods.DidClose, RequestKind.Mutating, new DidCloseHandler(server)),
            new NotificationRegistration<DidSaveTextDocumentParams>(LspMethods.DidSave, RequestKind.Mutating, new DidSaveHandler()),
            new RequestRegistration<CodeLensParams, IReadOnlyList<CodeLens>>(LspMethods.CodeLens, RequestKind.ReadOnly, new CodeLensHandler(server)),
            new RequestRegistration<CodeLens, CodeLens>(LspMethods.CodeLensResolve, RequestKind.ReadOnly, new CodeLensResolveHandler(server)),
            new RequestRegistration<ExecuteCommandParams, JsonElement?>(LspMethods.ExecuteCommand, RequestKind.ReadOnly, new ExecuteCommandHandler(commands)),
            new NotificationRegistration<DidChangeConfigurationParams>(LspMethods.DidChangeConfiguration, RequestKind.Mutating, new DidChangeConfigurationHandler(settings)),
            new NotificationRegistration<WorkDoneProgressCancelParams>(LspMethods.WorkDoneProgressCancel, RequestKind.ReadOnly, new WorkDoneProgressCancelHandler(generation)),
            new RequestRegistration<WorkflowGraphParams?, WorkflowGraphResult?>(LspMethods.WorkflowGraph, RequestKind.ReadOnly, new WorkflowGraphHandler(server), ParamsPresence.Optional),
            new RequestRegistration<InvalidMessageParams?, JsonElement?>(FrameGuardStream.InvalidMessageMethod, RequestKind.ReadOnly, new InvalidMessageHandler(), ParamsPresence.Optional),
        ];
    }
}

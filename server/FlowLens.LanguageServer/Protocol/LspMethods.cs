namespace FlowLens.LanguageServer.Protocol;

/// <summary>Every JSON-RPC method name the server handles or sends.</summary>
internal static class LspMethods
{
    public const string Initialize = "initialize";
    public const string Initialized = "initialized";
    public const string Shutdown = "shutdown";
    public const string Exit = "exit";
    public const string DidOpen = "textDocument/didOpen";
    public const string DidChange = "textDocument/didChange";
    public const string DidClose = "textDocument/didClose";
    public const string DidSave = "textDocument/didSave";
    public const string CodeLens = "textDocument/codeLens";
    public const string CodeLensResolve = "codeLens/resolve";
    public const string ExecuteCommand = "workspace/executeCommand";
    public const string DidChangeConfiguration = "workspace/didChangeConfiguration";
    public const string WorkDoneProgressCancel = "window/workDoneProgress/cancel";
    public const string WorkflowGraph = "flowlens/workflowGraph";

    public const string ApplyEdit = "workspace/applyEdit";
    public const string Configuration = "workspace/configuration";
    public const string CodeLensRefresh = "workspace/codeLens/refresh";
    public const string WorkDoneProgressCreate = "window/workDoneProgress/create";
    public const string Progress = "$/progress";
    public const string ShowMessage = "window/showMessage";
    public const string ShowMessageRequest = "window/showMessageRequest";
    public const string LogMessage = "window/logMessage";
    public const string ServerStatus = "flowlens/serverStatus";
}

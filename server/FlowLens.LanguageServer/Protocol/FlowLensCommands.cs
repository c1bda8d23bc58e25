namespace FlowLens.LanguageServer.Protocol;

/// <summary>Command ids from docs/lsp-extensions.md: the server's own, and the client's that lenses point at.</summary>
internal static class FlowLensCommands
{
    public const string Generate = "flowlens.server.generate";
    public const string Cancel = "flowlens.server.cancel";
    public const string CapabilityDetails = "flowlens.server.capabilityDetails";
    public const string RunTests = "flowlens.server.runTests";

    public const string ShowWorkflowGraph = "flowlens.showWorkflowGraph";
    public const string ShowCapabilityDetails = "flowlens.showCapabilityDetails";
    public const string ShowTestRun = "flowlens.runTests";

    public static IReadOnlyList<string> ServerCommands { get; } = [Generate, Cancel, CapabilityDetails, RunTests];
}

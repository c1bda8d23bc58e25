namespace FlowLens.LanguageServer.Rendering;

/// <summary>The kinds of lens above a task, carried in the lens data for <c>codeLens/resolve</c>.</summary>
internal static class LensKinds
{
    public const string Generate = "generate";
    public const string Running = "running";
    public const string Summary = "summary";
    public const string Capability = "capability";
}

namespace FlowLens.LanguageServer.Rendering;

/// <summary>The kinds of lens above a task, carried in the lens data for <c>codeLens/resolve</c>.</summary>
internal static class LensKinds
{
    public const string Generate = "generate";
    public const string Running = "running";
    public const string Summary = "summary";
    public const string Capability = "capability";

    /// <summary>A capability whose contribution is still being computed, or no longer will be.</summary>
    public const string PendingCapability = "pending";

    /// <summary>"Run its tests": the method's tests as it stands, no model.</summary>
    public const string RunTests = "runTests";
}

namespace FlowLens.Core.Capabilities;

/// <summary>
/// The behaviours the executor implements, named in a capability file (<c>behaviour: repair-from-failures</c>). A
/// capability is a behaviour plus its own prompt, signature and parameters, so a workspace capability or a mined
/// composite reuses a behaviour without code. A file without <c>behaviour:</c> gets its kind's default.
/// </summary>
public static class CapabilityBehaviours
{
    /// <summary>Sample n candidate bodies from the capability's prompt (parameters <c>n</c>, <c>temperature</c>).</summary>
    public const string SampleCandidates = "sample-candidates";

    /// <summary>Ask for edge-case checks (call and expected value), up to <c>count</c>.</summary>
    public const string ProposeChecks = "propose-checks";

    /// <summary>Fix the best failing candidate from the failing tests' messages (<c>rounds</c>).</summary>
    public const string RepairFromFailures = "repair-from-failures";

    /// <summary>Ask the model which candidate fits best and put it first.</summary>
    public const string SelectByModel = "select-by-model";

    /// <summary>Compile and test every candidate in the sandbox, best first.</summary>
    public const string RunTests = "run-tests";

    /// <summary>Drop candidates that do not parse.</summary>
    public const string ParseCheck = "parse-check";

    /// <summary>Behavioural self-consistency: cluster candidates by their outputs, the largest cluster first.</summary>
    public const string SelectByVote = "select-by-vote";

    /// <summary>One model call whose answer becomes the capability's output (a plan, a review, a rewritten candidate).</summary>
    public const string ModelStep = "model-step";

    /// <summary>Passes its inputs through unchanged (a tool or select capability with nothing to do).</summary>
    public const string PassThrough = "pass-through";

    public static IReadOnlyList<string> All { get; } =
        [SampleCandidates, ProposeChecks, RepairFromFailures, SelectByModel, RunTests, ParseCheck, SelectByVote, ModelStep, PassThrough];

    /// <summary>The behaviour of a capability whose file names none: a model step for llm capabilities, else pass-through.</summary>
    public static string DefaultFor(CapabilityKind kind) => kind == CapabilityKind.Llm ? ModelStep : PassThrough;
}

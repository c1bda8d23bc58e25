namespace FlowLens.Sandbox.Engine;

/// <summary>One candidate for the real engine: the target file's full text with the candidate in place.</summary>
internal sealed record EngineRun(string WorkspaceRoot, string TargetFile, string CandidateText, string MethodName, TestPlan Plan, IReadOnlyList<string> Notes);

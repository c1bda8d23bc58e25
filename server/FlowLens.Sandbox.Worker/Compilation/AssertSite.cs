namespace FlowLens.Sandbox.Worker.Compilation;

/// <summary>One <c>Debug.Assert</c> in a program-style test, numbered in source order; each is reported as a test.</summary>
internal sealed record AssertSite(int Index, string Name, int Line);

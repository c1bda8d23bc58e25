namespace FlowLens.Sandbox;

/// <summary>A source file handed to <see cref="SandboxRunner"/>: a name for diagnostics and its text.</summary>
public sealed record SandboxFile(string Path, string Text);

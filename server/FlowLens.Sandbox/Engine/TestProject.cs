namespace FlowLens.Sandbox.Engine;

/// <summary>A test project that references the target's project, with its framework (<see cref="TestFrameworkDetector"/>).</summary>
internal sealed record TestProject(string Path, string AssemblyName, string? Framework);

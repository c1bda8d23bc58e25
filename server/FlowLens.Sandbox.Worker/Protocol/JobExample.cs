namespace FlowLens.Sandbox.Worker.Protocol;

/// <summary>A call expression and, when known, the expected value, both as C# source.</summary>
internal sealed record JobExample(string Call, string? Expected);

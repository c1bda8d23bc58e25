namespace FlowLens.Sandbox.Worker.Compilation;

/// <summary>
/// An xunit test found in the syntax (so it is listed even when the candidate does not compile).
/// <see cref="DataIndex"/> is the InlineData row, or -1 for a fact or a theory run over all its member data.
/// </summary>
internal sealed record DiscoveredTest(string TypeName, string Method, int DataIndex, string DisplayName);

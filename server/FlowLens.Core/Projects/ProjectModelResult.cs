namespace FlowLens.Core.Projects;

/// <summary>The evaluated projects of one workspace and what went wrong on the way, in words.</summary>
public sealed record ProjectModelResult(IReadOnlyList<EvaluatedProject> Projects, IReadOnlyList<string> Problems);

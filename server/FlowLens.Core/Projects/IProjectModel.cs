namespace FlowLens.Core.Projects;

/// <summary>The projects of a workspace as its build evaluates them, from a view that stays loaded between calls.</summary>
public interface IProjectModel
{
    /// <summary>
    /// The projects under <paramref name="workspaceRoot"/>, or an empty list with <see cref="ProjectModelResult.Problems"/>
    /// saying why when they cannot be evaluated (not restored, MSBuild unavailable).
    /// </summary>
    Task<ProjectModelResult> EvaluateAsync(string workspaceRoot, CancellationToken cancellationToken);
}

namespace FlowLens.Core.Projects;

/// <summary>
/// One test method chosen for a target, named as its framework names it (<c>Namespace.Outer+Inner.Method</c>); every
/// data row of the method runs. Paths are absolute.
/// </summary>
public sealed record SelectedTest(string FullyQualifiedName, string FilePath, string ProjectPath);

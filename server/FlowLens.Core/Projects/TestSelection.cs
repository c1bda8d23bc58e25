namespace FlowLens.Core.Projects;

/// <summary>The tests chosen for a method and how they were chosen, in words for the report's notes.</summary>
public sealed record TestSelection(IReadOnlyList<SelectedTest> Tests, string How);

namespace FlowLens.Core.Tasks;

/// <summary>Where a check came from; generated checks are feedback for the workflow, never the user's score.</summary>
public enum ExampleOrigin
{
    TaskComment,
    Generated,
}

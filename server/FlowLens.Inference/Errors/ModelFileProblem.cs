namespace FlowLens.Inference;

/// <summary>What is wrong with a model file.</summary>
public enum ModelFileProblem
{
    Missing,
    Truncated,
    NotGguf,
    UnsupportedVersion,
    Corrupt,
}

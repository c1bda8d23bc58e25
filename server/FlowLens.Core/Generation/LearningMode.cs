namespace FlowLens.Core.Generation;

/// <summary>Whether a run feeds its attribution back into the priors and the replay buffer.</summary>
public enum LearningMode
{
    UpdatePriors,
    ReadOnly,
}

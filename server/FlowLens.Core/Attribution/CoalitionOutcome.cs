using FlowLens.Core.Evaluation;
using FlowLens.Core.Workflows;

namespace FlowLens.Core.Attribution;

/// <summary>The workflow's score with some capabilities disabled, and what producing it cost.</summary>
public sealed record CoalitionOutcome(double Score, EvaluationReport? Report, ExecutionStats Stats);

namespace FlowLens.Core.Learning;

/// <summary>Coarse task families; priors are kept per capability and kind so that what helps parsing need not help numerics.</summary>
public enum TaskKind
{
    Algorithm,
    Parsing,
    DataTransformation,
    Numeric,
    ApiShaped,
}

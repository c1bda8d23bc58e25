namespace FlowLens.Core.Capabilities;

/// <summary>What runs a capability: the worker model, code (tests, static checks), or a programmatic choice.</summary>
public enum CapabilityKind
{
    Llm,
    Tool,
    Select,
}

namespace FlowLens.Core.Capabilities;

public enum ParameterType
{
    Integer,
    Number,
}

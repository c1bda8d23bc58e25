using System.Globalization;

namespace FlowLens.Core.Capabilities;

/// <summary>A capability parameter with its range; the composer's grammar only allows values inside it.</summary>
public sealed record ParameterSpec(string Name, ParameterType Type, double Default, double Minimum, double Maximum, string Description)
{
    /// <summary>Brings any value into range (and to an integer for integer parameters).</summary>
    public double Clamp(double value)
    {
        var clamped = double.IsNaN(value) ? Default : Math.Clamp(value, Minimum, Maximum);
        return Type == ParameterType.Integer ? Math.Round(clamped) : Math.Round(clamped, 2);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}: {(Type == ParameterType.Integer ? "int" : "number")} {Minimum}..{Maximum} (default {Default})");
}

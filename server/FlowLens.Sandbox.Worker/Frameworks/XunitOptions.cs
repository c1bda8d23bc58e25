using Xunit.Abstractions;

namespace FlowLens.Sandbox.Worker.Frameworks;

/// <summary>
/// Discovery and execution options as xunit's runners hand them to the framework: named values, absent ones read as
/// the framework's defaults.
/// </summary>
internal sealed class XunitOptions : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    public TValue GetValue<TValue>(string name) => _values.TryGetValue(name, out var value) && value is TValue typed ? typed : default!;

    public void SetValue<TValue>(string name, TValue value) => _values[name] = value;
}

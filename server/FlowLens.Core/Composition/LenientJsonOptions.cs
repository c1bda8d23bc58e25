namespace FlowLens.Core.Composition;

/// <summary>How far <see cref="LenientJsonReader"/> bends: what it may reinterpret and how deep it reads.</summary>
public sealed record LenientJsonOptions
{
    /// <summary>The options for a selection, whose values are all numbers: "0.8" means 0.8.</summary>
    public static LenientJsonOptions Selection { get; } = new() { ReadNumericStrings = true };

    /// <summary>A string that holds only a number becomes that number (models in JSON mode often quote numbers).</summary>
    public bool ReadNumericStrings { get; init; }

    /// <summary>Lines starting with <c>#</c> are comments (YAML habits); off by default because '#' is rare in JSON mode.</summary>
    public bool AllowHashComments { get; init; }

    /// <summary>Deeper nesting is rejected: a selection is two levels deep, and unbounded recursion is a stack risk.</summary>
    public int MaxDepth { get; init; } = 32;
}

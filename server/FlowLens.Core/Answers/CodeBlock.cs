namespace FlowLens.Core.Answers;

/// <summary>One fenced block of an answer: its text (the fence's indentation removed), its info string in lower case, and whether its closing fence was there.</summary>
public sealed record CodeBlock(string Text, string Language, bool Terminated)
{
    private static readonly HashSet<string> CSharpTags = new(StringComparer.Ordinal) { "", "csharp", "cs", "c#", "c-sharp", "c_sharp", "dotnet", "cshtml" };

    /// <summary>True for blocks tagged as C# or not tagged at all.</summary>
    public bool IsCSharp => CSharpTags.Contains(Language);
}

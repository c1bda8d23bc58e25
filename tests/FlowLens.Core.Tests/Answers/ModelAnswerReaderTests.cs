using FlowLens.Core.Answers;
using FlowLens.Core.Tasks;
using Microsoft.Extensions.AI;

namespace FlowLens.Core.Tests.Answers;

public sealed class ModelAnswerReaderTests
{
    private const string Source = "namespace N;\n\npublic static class C\n{\n    // TASK: add two numbers.\n    public static int Add(int a, int b)\n    {\n        throw new NotImplementedException();\n    }\n}\n";

    private static TaskSite Site => TaskLocator.Find(Source).Single();

    [Theory]
    [InlineData("Here you go:\n```csharp\n{ return a + b; }\n```\nDone.", "{ return a + b; }")]
    [InlineData("```csharp\npublic static int Add(int a, int b)\n{\n    return a + b;\n}\n```", "{\n    return a + b;\n}")]
    [InlineData("public static int Add(int a, int b) => a + b;", "{\n    return a + b;\n}")]
    [InlineData("return a + b;", "{\n    return a + b;\n}")]
    [InlineData("```\n{ return 1; }", "{ return 1; }")]
    [InlineData("<think>\n```csharp\npublic static int Add(int a, int b) => a - b;\n```\n</think>\n```csharp\npublic static int Add(int a, int b) => a + b;\n```", "{\n    return a + b;\n}")]
    [InlineData("```csharp\nConsole.WriteLine(C.Add(1, 2));\n```\n```c#\npublic static int Add(int a, int b) { return a + b; }\n```", "{ return a + b; }")]
    public void Reads_the_body_of_the_target(string reply, string expected) =>
        Assert.Equal(expected, ModelAnswerReader.Read(new ModelAnswer(reply), Site).Body);

    [Fact]
    public void Prefers_the_declaration_with_the_target_parameter_count()
    {
        const string reply = "```csharp\npublic static int Add(int a) => a;\npublic static int Add(int a, int b) => a + b;\n```";
        var candidate = ModelAnswerReader.Read(new ModelAnswer(reply), Site);
        Assert.Equal("{\n    return a + b;\n}", candidate.Body);
        Assert.Equal(["public static int Add(int a) => a;"], candidate.Members);
    }

    [Fact]
    public void A_whole_file_brings_its_helpers_and_usings_but_not_its_tests()
    {
        const string reply = "```csharp\nusing System.Text;\nusing Xunit;\n\nnamespace N;\n\npublic static class C\n{\n    private static readonly StringBuilder Shared = new();\n\n    public static int Add(int a, int b) => Sum(a, b);\n\n    private static int Sum(int a, int b) => a + b;\n\n    [Fact]\n    public static void Adds() => Assert.Equal(3, Add(1, 2));\n}\n```";
        var candidate = ModelAnswerReader.Read(new ModelAnswer(reply), Site);
        Assert.Null(candidate.Unreadable);
        Assert.Equal(["using System.Text;"], candidate.Usings);
        Assert.Equal(["private static readonly StringBuilder Shared = new();", "private static int Sum(int a, int b) => a + b;"], candidate.Members);
    }

    [Fact]
    public void An_async_expression_body_keeps_its_await()
    {
        const string source = "class C\n{\n    // TASK: wait.\n    public async Task<int> Get(int x)\n    {\n        throw null;\n    }\n}\n";
        var candidate = ModelAnswerReader.Read(new ModelAnswer("```csharp\npublic async Task<int> Get(int x) => await Task.FromResult(x);\n```"), TaskLocator.Find(source).Single());
        Assert.Equal("{\n    return await Task.FromResult(x);\n}", candidate.Body);
    }

    [Theory]
    [InlineData("", null, "the model returned nothing")]
    [InlineData("   \n", null, "the model returned nothing")]
    [InlineData("<think>\nhmm, maybe a loop", "length", "the answer was cut at 1024 tokens")]
    [InlineData("```csharp\npublic static int Add(int a, int b)\n{\n    return a +", "length", "the answer was cut at 1024 tokens")]
    [InlineData("```csharp\npublic static int Add(int a, int b)\n{\n    return a + b;\n", "stop", "unterminated fence or brace")]
    [InlineData("I cannot help with that.", "stop", "no C# code for Add")]
    [InlineData("<think>\nstill thinking", "stop", "inside its reasoning block")]
    public void Unusable_answers_fail_with_the_reason_in_words(string reply, string? finish, string words)
    {
        var reason = finish is null ? (ChatFinishReason?)null : new ChatFinishReason(finish);
        var candidate = ModelAnswerReader.Read(new ModelAnswer(reply, reason, 1024), Site);
        Assert.NotNull(candidate.Unreadable);
        Assert.Contains(words, candidate.Unreadable, StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_block_before_the_cut_is_kept()
    {
        var candidate = ModelAnswerReader.Read(new ModelAnswer("```csharp\npublic static int Add(int a, int b) => a + b;\n```\nThis works because addition is", ChatFinishReason.Length, 64), Site);
        Assert.Null(candidate.Unreadable);
    }
}

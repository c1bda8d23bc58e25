namespace FlowLens.Inference.Tests;

/// <summary>The converter's output for each supported feature, as data.</summary>
public sealed class JsonSchemaGbnfTests
{
    private const string Char = "char ::= [ !#-[\\]-~] | \"\\\\\" [\"\\\\/nt]\n";

    public static TheoryData<string, string> Cases => new()
    {
        {
            """{"type":"boolean"}""",
            "root ::= \"true\" | \"false\"\n"
        },
        {
            """{"type":"string","enum":["bug","smell"]}""",
            "root ::= \"\\\"bug\\\"\" | \"\\\"smell\\\"\"\n"
        },
        {
            """{"type":"integer","minimum":1,"maximum":3}""",
            "root ::= \"1\" | \"2\" | \"3\"\n"
        },
        {
            """{"type":"integer","minimum":0,"maximum":255}""",
            "root ::= [0-9] | [1-9] [0-9] | \"1\" [0-9]{2} | \"2\" [0-4] [0-9] | \"2\" \"5\" [0-5]\n"
        },
        {
            """{"type":"integer","minimum":-40,"maximum":100}""",
            "root ::= \"-\" ([1-9] | [1-3] [0-9] | \"4\" \"0\") | [0-9] | [1-9] [0-9] | \"100\"\n"
        },
        {
            """{"type":"number","minimum":0,"maximum":1}""",
            "root ::= \"0\" (\".\" [0-9] [0-9]?)? | \"1\" (\".\" \"0\" \"0\"?)?\n"
        },
        {
            """{"type":"number","minimum":0,"maximum":1.5}""",
            "root ::= \"0\" (\".\" [0-9] [0-9]?)? | \"1\" (\".\" ([0-4] [0-9]? | \"5\" \"0\"?))?\n"
        },
        {
            """{"type":"number","minimum":-0.5,"maximum":0.25}""",
            "root ::= \"-\" (\"0\" \".\" (\"0\" [1-9] | [1-4] [0-9]? | \"5\" \"0\"?)) | \"0\" (\".\" ([0-1] [0-9]? | \"2\" [0-5]?))?\n"
        },
        {
            """{"type":"string","maxLength":5}""",
            "root ::= \"\\\"\" char{0,5} \"\\\"\"\n" + Char
        },
        {
            """{"type":"string"}""",
            "root ::= \"\\\"\" char* \"\\\"\"\n" + Char
        },
        {
            """{"type":"array","items":{"type":"boolean"},"maxItems":3}""",
            "root ::= \"[\" (root-item (\",\" root-item){0,2})? \"]\"\n"
            + "root-item ::= \"true\" | \"false\"\n"
        },
        {
            """{"type":"array","items":{"type":"boolean"},"minItems":1}""",
            "root ::= \"[\" root-item (\",\" root-item)* \"]\"\n"
            + "root-item ::= \"true\" | \"false\"\n"
        },
        {
            """{"type":"object","properties":{"kind":{"enum":["a","b"]},"line no":{"type":"integer","minimum":1,"maximum":2},"ok":{"type":"boolean"}}}""",
            "root ::= \"{\\\"kind\\\":\" root-kind \",\\\"line no\\\":\" root-line-no \",\\\"ok\\\":\" root-ok \"}\"\n"
            + "root-kind ::= \"\\\"a\\\"\" | \"\\\"b\\\"\"\n"
            + "root-line-no ::= \"1\" | \"2\"\n"
            + "root-ok ::= \"true\" | \"false\"\n"
        },
        {
            """{"type":"object"}""",
            "root ::= \"{}\"\n"
        },
        {
            """{"type":"array","prefixItems":[{"const":"a"},{"type":"integer","minimum":1,"maximum":2},{"type":"boolean"}],"minItems":2,"items":false}""",
            "root ::= \"[\" root-0 \",\" root-1 (\",\" root-2)? \"]\"\n"
            + "root-0 ::= \"\\\"a\\\"\"\n"
            + "root-1 ::= \"1\" | \"2\"\n"
            + "root-2 ::= \"true\" | \"false\"\n"
        },
        {
            """{"type":"array","prefixItems":[{"const":1},{"const":2}],"items":false}""",
            "root ::= \"[\" (root-0 (\",\" root-1)?)? \"]\"\n"
            + "root-0 ::= \"1\"\n"
            + "root-1 ::= \"2\"\n"
        },
    };

    /// <summary>The shape of a sparse selection: a short list whose items are one of several objects, ids as enums.</summary>
    [Fact]
    public void A_bounded_list_of_alternative_objects_with_enum_ids()
    {
        var schema = """
            {"type":"array","minItems":1,"maxItems":2,"items":{"anyOf":[
              {"type":"object","properties":{"id":{"enum":["a","b"]}},"required":["id"],"additionalProperties":false},
              {"type":"object","properties":{"id":{"enum":["c"]},"n":{"type":"integer","minimum":1,"maximum":2}},"required":["id","n"],"additionalProperties":false}]}}
            """;

        Assert.Equal(
            """
            root ::= "[" root-item ("," root-item)? "]"
            root-item ::= root-item-0 | root-item-1
            root-item-0 ::= "{\"id\":" root-item-0-id "}"
            root-item-0-id ::= "\"a\"" | "\"b\""
            root-item-1 ::= "{\"id\":" root-item-1-id ",\"n\":" root-item-1-n "}"
            root-item-1-id ::= "\"c\""
            root-item-1-n ::= "1" | "2"

            """.ReplaceLineEndings("\n"),
            JsonSchemaGbnf.Convert(schema));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check(string schemaJson, string expectedGbnf) => Assert.Equal(expectedGbnf, JsonSchemaGbnf.Convert(schemaJson));

    [Theory]
    [InlineData("""{"type":"string","format":"date"}""")]
    [InlineData("""{"$ref":"#/defs/x"}""")]
    [InlineData("""{"type":["string","null"]}""")]
    [InlineData("""{"type":"integer","minimum":5,"maximum":4}""")]
    [InlineData("""{"type":"array"}""")]
    [InlineData("""{"properties":{}}""")]
    [InlineData("""{"type":"array","prefixItems":[{"const":1}]}""")]
    [InlineData("""{"type":"array","prefixItems":[{"const":1}],"items":{"type":"boolean"}}""")]
    [InlineData("""{"type":"array","prefixItems":[{"const":1}],"minItems":2,"items":false}""")]
    public void Unsupported_or_contradictory_schemas_are_rejected(string schemaJson) =>
        Assert.Throws<GrammarException>(() => JsonSchemaGbnf.Convert(schemaJson));

    [Theory]
    [InlineData(0, 9)]
    [InlineData(7, 7)]
    [InlineData(0, 1000)]
    [InlineData(13, 4321)]
    [InlineData(-999, -5)]
    [InlineData(-120, 77)]
    [InlineData(99, 101)]
    public void Integer_ranges_accept_exactly_the_values_inside(long min, long max)
    {
        var rule = JsonSchemaGbnf.Convert($$"""{"type":"integer","minimum":{{min}},"maximum":{{max}}}""");
        var accepted = GbnfIntegerProbe.AcceptedValues(rule, min - 50, max + 50);
        Assert.Equal(Enumerable.Range((int)min, (int)(max - min + 1)).Select(v => (long)v), accepted);
    }
}

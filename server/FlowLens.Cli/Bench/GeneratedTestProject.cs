using System.Globalization;
using System.Text;

namespace FlowLens.Cli.Bench;

/// <summary>
/// A two-project NUnit workspace written to a folder for <c>flowlens bench project</c>: a library whose task method
/// <c>Calculator.Add</c> is exercised by <see cref="SelectedTests"/> test methods, and a few tests of another method that
/// the selection must leave out. Package versions are those of the repository's NUnit fixtures, so a machine that ran
/// the tests restores it from its package cache.
/// </summary>
internal sealed record GeneratedTestProject(string Root, string TargetFile, int TargetLine, int SelectedTests)
{
    /// <summary>Tests of another method, which reference selection must not choose.</summary>
    public const int UnrelatedTests = 5;

    public static GeneratedTestProject Write(string root, int selectedTests)
    {
        var library = Path.Combine(root, "Bench");
        var tests = Path.Combine(root, "Bench.Tests");
        Directory.CreateDirectory(library);
        Directory.CreateDirectory(tests);
        File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), "<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n</Project>\n");
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(library, "Bench.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>

            """);
        var target = Path.Combine(library, "Calculator.cs");
        File.WriteAllText(target, """
            namespace Bench;

            public static class Calculator
            {
                // TASK: The sum of a and b.
                public static int Add(int a, int b)
                {
                    return a + b;
                }

                public static int Negate(int a) => -a;
            }

            """);
        File.WriteAllText(Path.Combine(tests, "Bench.Tests.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <IsTestProject>true</IsTestProject>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                <PackageReference Include="NUnit" Version="4.2.2" />
                <PackageReference Include="NUnit3TestAdapter" Version="5.2.0" />
              </ItemGroup>
              <ItemGroup>
                <Using Include="NUnit.Framework" />
              </ItemGroup>
              <ItemGroup>
                <ProjectReference Include="..\Bench\Bench.csproj" />
              </ItemGroup>
            </Project>

            """);
        var text = new StringBuilder("namespace Bench.Tests;\n\n[TestFixture]\npublic class CalculatorTests\n{\n");
        for (var i = 0; i < selectedTests; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    [Test]\n    public void Adds_{i}() => Assert.That(Calculator.Add({i}, {i * 3 - 7}), Is.EqualTo({i + (i * 3) - 7}));\n\n");
        }

        text.Append("}\n");
        File.WriteAllText(Path.Combine(tests, "CalculatorTests.cs"), text.ToString());
        var unrelated = new StringBuilder("namespace Bench.Tests;\n\n[TestFixture]\npublic class NegateTests\n{\n");
        for (var i = 0; i < UnrelatedTests; i++)
        {
            unrelated.Append(CultureInfo.InvariantCulture, $"    [Test]\n    public void Negates_{i}() => Assert.That(Calculator.Negate({i}), Is.EqualTo({-i}));\n\n");
        }

        unrelated.Append("}\n");
        File.WriteAllText(Path.Combine(tests, "NegateTests.cs"), unrelated.ToString());

        // The line of "public static int Add", 1-based, as a user would give it.
        return new GeneratedTestProject(root, target, 6, selectedTests);
    }
}

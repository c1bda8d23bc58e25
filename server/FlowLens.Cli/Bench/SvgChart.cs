using System.Globalization;
using System.Security;
using System.Text;

namespace FlowLens.Cli.Bench;

/// <summary>
/// A hand-written SVG bar chart: per mode, success (pass@1 on the test split, 0-100 %) beside cost (total tokens,
/// meta-agent plus worker, search included, as a share of the most expensive mode, labelled with the count).
/// </summary>
internal static class SvgChart
{
    private const int Width = 760;
    private const int Height = 360;
    private const int Left = 60;
    private const int Top = 40;
    private const int PlotHeight = 240;

    public static string Render(IReadOnlyList<ModeSummary> modes)
    {
        ArgumentNullException.ThrowIfNull(modes);
        var svg = new StringBuilder();
        svg.AppendLine(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.AppendLine(F($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>"));
        svg.AppendLine(F($"<text x=\"{Left}\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Success vs cost per mode (test split)</text>"));
        var baseline = Top + PlotHeight;
        svg.AppendLine(F($"<line x1=\"{Left}\" y1=\"{baseline}\" x2=\"{Width - 20}\" y2=\"{baseline}\" stroke=\"#333\"/>"));
        svg.AppendLine(F($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{baseline}\" stroke=\"#333\"/>"));
        for (var tick = 0; tick <= 4; tick++)
        {
            var y = baseline - (PlotHeight * tick / 4.0);
            svg.AppendLine(F($"<line x1=\"{Left - 4}\" y1=\"{y:0.#}\" x2=\"{Width - 20}\" y2=\"{y:0.#}\" stroke=\"#eee\"/>"));
            svg.AppendLine(F($"<text x=\"{Left - 8}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{tick * 25}%</text>"));
        }

        var maxCost = Math.Max(1, modes.Count == 0 ? 1 : modes.Max(m => m.TotalMetaAgentTokens + m.TotalWorkerTokens));
        var slot = modes.Count == 0 ? 0 : (Width - Left - 40) / (double)modes.Count;
        var bar = Math.Min(36, slot / 3);
        for (var i = 0; i < modes.Count; i++)
        {
            var m = modes[i];
            var x = Left + 10 + (i * slot);
            var success = PlotHeight * (m.PassAt1 ?? 0);
            var label = m.PassAt1 is { } rate ? F($"{rate * 100:0}%") : "n/a";
            var tokens = m.TotalMetaAgentTokens + m.TotalWorkerTokens;
            var cost = PlotHeight * tokens / (double)maxCost;
            svg.AppendLine(F($"<rect x=\"{x:0.#}\" y=\"{baseline - success:0.#}\" width=\"{bar:0.#}\" height=\"{success:0.#}\" fill=\"#2e7d32\"><title>{Escape(m.Mode)}: pass@1 {label}</title></rect>"));
            svg.AppendLine(F($"<text x=\"{x + (bar / 2):0.#}\" y=\"{baseline - success - 4:0.#}\" text-anchor=\"middle\">{label}</text>"));
            svg.AppendLine(F($"<rect x=\"{x + bar + 4:0.#}\" y=\"{baseline - cost:0.#}\" width=\"{bar:0.#}\" height=\"{cost:0.#}\" fill=\"#c62828\"><title>{Escape(m.Mode)}: {tokens} tokens</title></rect>"));
            svg.AppendLine(F($"<text x=\"{x + bar + 4 + (bar / 2):0.#}\" y=\"{baseline - cost - 4:0.#}\" text-anchor=\"middle\">{Compact(tokens)}</text>"));
            svg.AppendLine(F($"<text x=\"{x + bar:0.#}\" y=\"{baseline + 18}\" text-anchor=\"middle\">{Escape(m.Mode)}</text>"));
        }

        var legend = Height - 30;
        svg.AppendLine(F($"<rect x=\"{Left}\" y=\"{legend}\" width=\"12\" height=\"12\" fill=\"#2e7d32\"/><text x=\"{Left + 18}\" y=\"{legend + 10}\">success: pass@1 (left axis)</text>"));
        svg.AppendLine(F($"<rect x=\"{Left + 240}\" y=\"{legend}\" width=\"12\" height=\"12\" fill=\"#c62828\"/><text x=\"{Left + 258}\" y=\"{legend + 10}\">cost: total tokens incl. search, share of the maximum ({Compact(maxCost)})</text>"));
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Compact(long tokens) =>
        tokens >= 1_000_000 ? F($"{tokens / 1e6:0.0}M") : tokens >= 1000 ? F($"{tokens / 1e3:0.0}k") : tokens.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text) ?? string.Empty;

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;

namespace Distral.Experiments;

/// <summary>
/// A minimal SVG text builder for the report charts: invariant-culture numbers rounded to 0.01 px (so output
/// is deterministic), every text and attribute value XML-escaped.
/// </summary>
internal sealed class SvgCanvas
{
    private readonly StringBuilder _sb = new();

    public SvgCanvas(double width, double height, string? ariaLabel = null)
    {
        _sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(N(width)).Append("\" height=\"").Append(N(height))
            .Append("\" viewBox=\"0 0 ").Append(N(width)).Append(' ').Append(N(height)).Append("\" font-family=\"sans-serif\"");
        if (ariaLabel is not null) _sb.Append(" role=\"img\" aria-label=\"").Append(Escape(ariaLabel)).Append('"');
        _sb.Append(">\n");
    }

    public void Rect(double x, double y, double w, double h, string fill, string? stroke = null, double opacity = 1)
    {
        _sb.Append("  <rect x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" width=\"").Append(N(w))
            .Append("\" height=\"").Append(N(h)).Append("\" fill=\"").Append(Escape(fill)).Append('"');
        if (stroke is not null) _sb.Append(" stroke=\"").Append(Escape(stroke)).Append('"');
        if (opacity < 1) _sb.Append(" fill-opacity=\"").Append(N(opacity)).Append('"');
        _sb.Append("/>\n");
    }

    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null, string? cssClass = null)
    {
        _sb.Append("  <line x1=\"").Append(N(x1)).Append("\" y1=\"").Append(N(y1)).Append("\" x2=\"").Append(N(x2))
            .Append("\" y2=\"").Append(N(y2)).Append("\" stroke=\"").Append(Escape(stroke)).Append("\" stroke-width=\"").Append(N(width)).Append('"');
        if (dash is not null) _sb.Append(" stroke-dasharray=\"").Append(Escape(dash)).Append('"');
        if (cssClass is not null) _sb.Append(" class=\"").Append(Escape(cssClass)).Append('"');
        _sb.Append("/>\n");
    }

    public void Polyline(IReadOnlyList<(double X, double Y)> points, string stroke, double width, string? dash = null)
    {
        _sb.Append("  <polyline class=\"series\" fill=\"none\" stroke=\"").Append(Escape(stroke)).Append("\" stroke-width=\"").Append(N(width))
            .Append("\" stroke-linejoin=\"round\"");
        if (dash is not null) _sb.Append(" stroke-dasharray=\"").Append(Escape(dash)).Append('"');
        _sb.Append(" points=\"");
        AppendPoints(points);
        _sb.Append("\"/>\n");
    }

    public void Polygon(IReadOnlyList<(double X, double Y)> points, string fill, double opacity)
    {
        _sb.Append("  <polygon class=\"band\" fill=\"").Append(Escape(fill)).Append("\" fill-opacity=\"").Append(N(opacity)).Append("\" stroke=\"none\" points=\"");
        AppendPoints(points);
        _sb.Append("\"/>\n");
    }

    public void Circle(double cx, double cy, double r, string fill, string? title = null)
    {
        _sb.Append("  <circle cx=\"").Append(N(cx)).Append("\" cy=\"").Append(N(cy)).Append("\" r=\"").Append(N(r))
            .Append("\" fill=\"").Append(Escape(fill)).Append('"');
        if (title is null)
        {
            _sb.Append("/>\n");
            return;
        }
        _sb.Append("><title>").Append(Escape(title)).Append("</title></circle>\n");
    }

    /// <summary>
    /// Text at (x, y); anchor start|middle|end; rotate in degrees about (x, y); <paramref name="halo"/> draws a white
    /// outline under the glyphs so a label stays readable where it crosses a line.
    /// </summary>
    public void Text(double x, double y, string text, string anchor = "start", double size = 12, bool bold = false, double rotate = 0, string fill = "#222222", bool halo = false)
    {
        _sb.Append("  <text x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" font-size=\"").Append(N(size))
            .Append("\" text-anchor=\"").Append(Escape(anchor)).Append("\" fill=\"").Append(Escape(fill)).Append('"');
        if (bold) _sb.Append(" font-weight=\"bold\"");
        if (halo) _sb.Append(" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"");
        if (rotate != 0) _sb.Append(" transform=\"rotate(").Append(N(rotate)).Append(' ').Append(N(x)).Append(' ').Append(N(y)).Append(")\"");
        _sb.Append('>').Append(Escape(text)).Append("</text>\n");
    }

    public override string ToString() => _sb + "</svg>\n";

    /// <summary>A number as SVG wants it: invariant culture, at most two decimals, no "-0".</summary>
    public static string N(double value)
    {
        double rounded = Math.Round(value, 2);
        if (rounded == 0) rounded = 0;
        return rounded.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>XML-escapes text and attribute values; characters XML 1.0 forbids become U+FFFD.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default:
                    bool allowed = c is '\t' or '\n' or '\r' || (c >= 0x20 && c != '\uFFFE' && c != '\uFFFF');
                    sb.Append(allowed ? c : '\uFFFD');
                    break;
            }
        }
        return sb.ToString();
    }

    private void AppendPoints(IReadOnlyList<(double X, double Y)> points)
    {
        for (int i = 0; i < points.Count; i++)
        {
            if (i > 0) _sb.Append(' ');
            _sb.Append(N(points[i].X)).Append(',').Append(N(points[i].Y));
        }
    }
}

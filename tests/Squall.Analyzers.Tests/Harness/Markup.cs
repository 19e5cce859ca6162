using Microsoft.CodeAnalysis.Text;

namespace Squall.Analyzers.Tests.Harness;

/// <summary>Test source with <c>[|...|]</c> around each span where a diagnostic is expected.</summary>
internal static class Markup
{
    public static (string Source, List<TextSpan> Spans) Parse(string markup)
    {
        var spans = new List<TextSpan>();
        var text = new System.Text.StringBuilder(markup.Length);
        var open = new Stack<int>();
        for (int i = 0; i < markup.Length; i++)
        {
            if (i + 1 < markup.Length && markup[i] == '[' && markup[i + 1] == '|') { open.Push(text.Length); i++; continue; }
            if (i + 1 < markup.Length && markup[i] == '|' && markup[i + 1] == ']') { int start = open.Pop(); spans.Add(TextSpan.FromBounds(start, text.Length)); i++; continue; }
            text.Append(markup[i]);
        }
        Assert.Empty(open);
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        return (text.ToString(), spans);
    }
}

using System;
using System.Collections.Generic;

namespace Squall.Generators.Routing
{
    /// <summary>
    /// Parses route templates. Grammar (one segment per <c>/</c>, each segment whole):
    /// <code>
    /// template  := "/" | ("/" segment)+
    /// segment   := literal | "{" name (":" constraint)? "}" | "{*" name "}"      (catch-all: last only)
    /// constraint:= "int" | "long" | "guid" | "bool"
    /// name      := C# identifier
    /// </code>
    /// Errors are collected as <see cref="RouteTemplateError"/>s with the offset of the problem; nothing throws.
    /// </summary>
    public static class RouteTemplateParser
    {
        private static readonly IReadOnlyList<RouteSegment> NoSegments = new RouteSegment[0];

        /// <summary>Parses one template.</summary>
        public static RouteTemplate Parse(string? text)
        {
            text ??= "";
            var errors = new List<RouteTemplateError>();
            var segments = new List<RouteSegment>();
            if (text.Length == 0)
            {
                errors.Add(new RouteTemplateError(RouteTemplateErrorKind.Empty, "The route template is empty; use \"/\" for the root.", 0));
                return new RouteTemplate(text, NoSegments, errors);
            }
            if (text[0] != '/')
            {
                errors.Add(new RouteTemplateError(RouteTemplateErrorKind.MissingLeadingSlash,
                    "A route template starts with '/' (write \"/" + text + "\").", 0));
                return new RouteTemplate(text, NoSegments, errors);
            }
            if (text.Length > 1)
            {
                int start = 1;
                while (true)
                {
                    int end = text.IndexOf('/', start);
                    if (end < 0) end = text.Length;
                    ParseSegment(text, start, end, segments, errors);
                    if (end == text.Length) break;
                    start = end + 1;
                }
            }
            CheckParameters(segments, errors);
            return new RouteTemplate(text, errors.Count == 0 ? segments.ToArray() : NoSegments, errors.ToArray());
        }

        /// <summary>The template spelling of a constraint (<c>int</c>, ...); empty for <see cref="RouteConstraint.None"/>.</summary>
        public static string ConstraintName(RouteConstraint constraint) => constraint switch
        {
            RouteConstraint.Int => "int",
            RouteConstraint.Long => "long",
            RouteConstraint.Guid => "guid",
            RouteConstraint.Bool => "bool",
            _ => "",
        };

        /// <summary>Reads a constraint name; false when it is not one of the four.</summary>
        public static bool TryParseConstraint(string name, out RouteConstraint constraint)
        {
            switch (name)
            {
                case "int": constraint = RouteConstraint.Int; return true;
                case "long": constraint = RouteConstraint.Long; return true;
                case "guid": constraint = RouteConstraint.Guid; return true;
                case "bool": constraint = RouteConstraint.Bool; return true;
                default: constraint = RouteConstraint.None; return false;
            }
        }

        private static void ParseSegment(string text, int start, int end, List<RouteSegment> segments, List<RouteTemplateError> errors)
        {
            if (start == end)
            {
                errors.Add(new RouteTemplateError(RouteTemplateErrorKind.EmptySegment,
                    "Empty segment (a doubled or trailing '/'); remove the extra '/'.", start));
                return;
            }
            int open = text.IndexOf('{', start, end - start);
            if (open < 0)
            {
                int close = text.IndexOf('}', start, end - start);
                if (close >= 0)
                {
                    errors.Add(new RouteTemplateError(RouteTemplateErrorKind.UnexpectedBrace, "'}' without a matching '{'.", close));
                    return;
                }
                for (int i = start; i < end; i++)
                {
                    char c = text[i];
                    if (c == '?' || c == '#' || c <= ' ' || c == 0x7f)
                    {
                        errors.Add(new RouteTemplateError(RouteTemplateErrorKind.InvalidCharacter,
                            "'" + Printable(c) + "' cannot appear in a route path; the query string is not part of a route.", i));
                        return;
                    }
                }
                segments.Add(new RouteSegment(RouteSegmentKind.Literal, text.Substring(start, end - start), RouteConstraint.None, start));
                return;
            }
            int closing = text.IndexOf('}', open + 1, end - open - 1);
            if (closing < 0)
            {
                errors.Add(new RouteTemplateError(RouteTemplateErrorKind.UnclosedBrace, "'{' without a matching '}' in this segment.", open));
                return;
            }
            if (open != start || closing != end - 1)
            {
                errors.Add(new RouteTemplateError(RouteTemplateErrorKind.PartialSegmentParameter,
                    "A parameter must be a whole segment: put '/' around '{...}' (or use [Route(Regex = ...)]).", open != start ? open : closing + 1));
                return;
            }
            int nested = text.IndexOf('{', open + 1, closing - open - 1);
            if (nested >= 0)
            {
                errors.Add(new RouteTemplateError(RouteTemplateErrorKind.UnexpectedBrace, "'{' inside a parameter.", nested));
                return;
            }
            string inner = text.Substring(open + 1, closing - open - 1);
            bool catchAll = inner.StartsWith("*", StringComparison.Ordinal);
            if (catchAll) inner = inner.Substring(1);
            int nameOffset = open + 1 + (catchAll ? 1 : 0);
            string name = inner;
            var constraint = RouteConstraint.None;
            int colon = inner.IndexOf(':');
            if (colon >= 0)
            {
                name = inner.Substring(0, colon);
                string constraintName = inner.Substring(colon + 1);
                if (catchAll)
                {
                    errors.Add(new RouteTemplateError(RouteTemplateErrorKind.ConstrainedCatchAll,
                        "A catch-all '{*" + name + "}' takes the rest of the path as a string and has no constraint.", nameOffset + colon));
                    return;
                }
                if (!TryParseConstraint(constraintName, out constraint))
                {
                    errors.Add(new RouteTemplateError(RouteTemplateErrorKind.UnknownConstraint,
                        "Unknown constraint '" + constraintName + "'; use int, long, guid or bool (or none for a string).", nameOffset + colon + 1));
                    return;
                }
            }
            if (name.Length == 0)
            {
                errors.Add(new RouteTemplateError(RouteTemplateErrorKind.EmptyParameterName, "The parameter has no name: write '{name}'.", nameOffset));
                return;
            }
            if (!IsIdentifier(name))
            {
                errors.Add(new RouteTemplateError(RouteTemplateErrorKind.InvalidParameterName,
                    "'" + name + "' is not a valid parameter name; it must be a C# identifier to bind to a method parameter.", nameOffset));
                return;
            }
            var kind = catchAll ? RouteSegmentKind.CatchAll
                : constraint == RouteConstraint.None ? RouteSegmentKind.Parameter : RouteSegmentKind.TypedParameter;
            segments.Add(new RouteSegment(kind, name, constraint, start));
        }

        private static void CheckParameters(List<RouteSegment> segments, List<RouteTemplateError> errors)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < segments.Count; i++)
            {
                var s = segments[i];
                if (s.Kind == RouteSegmentKind.CatchAll && i != segments.Count - 1)
                    errors.Add(new RouteTemplateError(RouteTemplateErrorKind.CatchAllNotLast,
                        "The catch-all '{*" + s.Text + "}' must be the last segment.", s.Position));
                if (s.IsParameter && !seen.Add(s.Text))
                    errors.Add(new RouteTemplateError(RouteTemplateErrorKind.DuplicateParameter,
                        "The parameter '" + s.Text + "' appears twice; give each parameter its own name.", s.Position));
            }
        }

        private static bool IsIdentifier(string name)
        {
            if (!(char.IsLetter(name[0]) || name[0] == '_')) return false;
            for (int i = 1; i < name.Length; i++)
                if (!(char.IsLetterOrDigit(name[i]) || name[i] == '_')) return false;
            return true;
        }

        private static string Printable(char c) => c >= ' ' && c != 0x7f ? c.ToString() : "\\u" + ((int)c).ToString("x4");
    }
}

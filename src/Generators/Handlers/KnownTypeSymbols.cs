using Microsoft.CodeAnalysis;

namespace Squall.Generators.Handlers
{
    /// <summary>
    /// The Squall and BCL types the handler model builder compares against, resolved once per compilation. Linked into
    /// the analyzers too, so both see the same types.
    /// </summary>
    internal sealed class KnownTypeSymbols
    {
        public KnownTypeSymbols(Compilation compilation)
        {
            RouteAttribute = compilation.GetTypeByMetadataName("Squall.Web.RouteAttribute");
            RequestHandler = compilation.GetTypeByMetadataName("Squall.Web.RequestHandler");
            WebSocketHandler = compilation.GetTypeByMetadataName("Squall.Web.WebSocketHandler");
            Future = compilation.GetTypeByMetadataName("Squall.Future");
            StreamRequestBodyAttribute = compilation.GetTypeByMetadataName("Squall.Web.StreamRequestBodyAttribute");
            Guid = compilation.GetTypeByMetadataName("System.Guid");
        }

        public INamedTypeSymbol? RouteAttribute { get; }

        public INamedTypeSymbol? RequestHandler { get; }

        public INamedTypeSymbol? WebSocketHandler { get; }

        public INamedTypeSymbol? Future { get; }

        public INamedTypeSymbol? StreamRequestBodyAttribute { get; }

        public INamedTypeSymbol? Guid { get; }

        /// <summary>True when Squall's web types are referenced at all; otherwise nothing can be emitted.</summary>
        public bool IsComplete => RouteAttribute is not null && RequestHandler is not null && Future is not null;
    }
}

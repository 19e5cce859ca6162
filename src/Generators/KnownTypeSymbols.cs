using Microsoft.CodeAnalysis;

namespace Squall.Generators
{
    /// <summary>The Squall and BCL types the parser compares against, resolved once per compilation.</summary>
    internal sealed class KnownTypeSymbols
    {
        public KnownTypeSymbols(Compilation compilation)
        {
            RequestHandler = compilation.GetTypeByMetadataName("Squall.Web.RequestHandler");
            Future = compilation.GetTypeByMetadataName("Squall.Future");
            StreamRequestBodyAttribute = compilation.GetTypeByMetadataName("Squall.Web.StreamRequestBodyAttribute");
            Guid = compilation.GetTypeByMetadataName("System.Guid");
        }

        public INamedTypeSymbol? RequestHandler { get; }

        public INamedTypeSymbol? Future { get; }

        public INamedTypeSymbol? StreamRequestBodyAttribute { get; }

        public INamedTypeSymbol? Guid { get; }

        /// <summary>True when Squall's web types are referenced at all; otherwise nothing can be emitted.</summary>
        public bool IsComplete => RequestHandler is not null && Future is not null;
    }
}

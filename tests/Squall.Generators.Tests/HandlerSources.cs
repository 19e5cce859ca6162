namespace Squall.Generators.Tests;

/// <summary>The handler shapes the generator tests compile.</summary>
internal static class HandlerSources
{
    public const string AllShapes = GeneratorHarness.Usings + """
        namespace App;

        [Route("/")]
        public sealed class MainHandler : RequestHandler
        {
            public void Get() => Write("main");
        }

        [Route("/users/{id:int}", Name = "User")]
        [Route("/people/{id:int}/{tab}", Name = "UserTab")]
        public sealed class UserHandler : RequestHandler
        {
            public void Get(int id, string tab = "profile") => Write("user " + id + " " + tab);
            // Every route value is taken by every verb method (SQ2004): tab is optional here as in Get.
            public Future Post(int id, string tab = "")
            {
                Write("posted " + id + tab);
                return Future.Completed;
            }
        }

        [Route("/users/me")]
        public sealed class MeHandler : RequestHandler
        {
            public void Get() => Write("me");
        }

        [Route("/users/{name}")]
        public sealed class UserByNameHandler : RequestHandler
        {
            public void Get(string name) => Write("name " + name);
        }

        [Route("/items/{id:long}/{flag:bool}/{key:guid}")]
        internal sealed class ItemHandler : RequestHandler
        {
            public void Get(long id, bool flag, System.Guid key) => Write($"item {id} {flag} {key}");
        }

        [Route("/files/{*path}")]
        public sealed class FilesHandler : RequestHandler
        {
            public void Get(string path) => Write("file " + path);
        }

        [Route(Regex = "/archive/([0-9]{4})/([a-z]+)?")]
        public sealed class ArchiveHandler : RequestHandler
        {
            public void Get(string year, string? slug) => Write("archive " + year + " " + (slug ?? "-"));
        }

        [Route("/boom")]
        public sealed class BoomHandler : RequestHandler
        {
            public void Get() => throw new System.InvalidOperationException("boom");
            public void Delete() => throw new HttpError(409, "conflict here");
        }

        [Route("/guarded")]
        public sealed class GuardedHandler : RequestHandler
        {
            public override Future Prepare()
            {
                SetStatus(403);
                Write("no");
                Finish();
                return Future.Completed;
            }

            public void Get() => Write("never");
        }

        public static class Outer
        {
            [Route("/nested/{event}")]
            public sealed class NestedHandler : RequestHandler
            {
                public void Get(string @event) => Write("nested " + @event);
            }
        }
        """;
}

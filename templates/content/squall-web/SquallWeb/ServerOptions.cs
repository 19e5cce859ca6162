namespace SquallWeb;

/// <summary>
/// Where the server listens: <c>--port N</c> / <c>--address A</c>, or the configuration keys <c>Squall:Port</c> /
/// <c>Squall:Address</c> given as <c>--Squall:Port N</c> (or <c>--Squall:Port=N</c>) or as the environment variables
/// <c>Squall__Port</c> / <c>Squall__Address</c>. The command line wins over the environment.
/// </summary>
public sealed record ServerOptions(int Port, string Address)
{
    public const int DefaultPort = 8888;
    public const string DefaultAddress = "127.0.0.1";

    public const string Usage = "usage: SquallWeb [--port N | --Squall:Port N] [--address A | --Squall:Address A]";

    public static bool TryParse(string[] args, Func<string, string?> environment, out ServerOptions options, out string? error)
    {
        options = new ServerOptions(DefaultPort, DefaultAddress);
        error = null;
        string? port = environment("Squall__Port");
        string? address = environment("Squall__Address");
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string? inline = null;
            int eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            bool isPort = arg is "--port" || arg.Equals("--Squall:Port", StringComparison.OrdinalIgnoreCase);
            bool isAddress = arg is "--address" || arg.Equals("--Squall:Address", StringComparison.OrdinalIgnoreCase);
            if (!isPort && !isAddress)
            {
                error = $"unknown argument '{args[i]}'";
                return false;
            }
            string? value = inline ?? (i + 1 < args.Length ? args[++i] : null);
            if (value is null)
            {
                error = $"'{arg}' needs a value";
                return false;
            }
            if (isPort) port = value;
            else address = value;
        }
        int parsedPort = DefaultPort;
        if (port is not null && (!int.TryParse(port, out parsedPort) || parsedPort is < 0 or > 65535))
        {
            error = $"'{port}' is not a port (0-65535; 0 picks a free one)";
            return false;
        }
        options = new ServerOptions(parsedPort, string.IsNullOrEmpty(address) ? DefaultAddress : address);
        return true;
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Squall.TestSupport;

namespace Squall.Hosting.Tests;

/// <summary>
/// The "Squall" configuration section of a hosted app, from appsettings.json, the environment and the command line, in
/// the host's order of precedence (command line over environment over appsettings.json over code), and the host's
/// logging receiving Squall's access log.
/// </summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void SettingsComeFromAppsettingsEnvironmentAndCommandLineInTheHostsOrder()
    {
        using var dir = new TempDirectory();
        dir.Write("appsettings.json", """
            {
              "Logging": { "LogLevel": { "Default": "Warning", "Squall.Access": "Information", "Squall.Hosting": "Information" } },
              "Squall": {
                "Port": 1,
                "Loops": 2,
                "Server": { "ServerHeader": "from-json" },
                "Application": { "CookieSecret": "json-secret" }
              }
            }
            """);
        var environment = new Dictionary<string, string>
        {
            ["Squall__Port"] = "2",
            ["Squall__Server__ServerHeader"] = "from-env",
            ["Squall__Application__CookieSecret"] = "env-secret-0123456789",
        };
        using var app = new HostedProcess(dir.Path, environment, "--Squall:Port=0");
        // Port: code 8888, json 1, environment 2, command line 0 (a free port): the command line wins.
        int port = app.WaitForPort();
        Assert.NotEqual(1, port);
        Assert.NotEqual(2, port);
        Assert.NotEqual(8888, port);
        Assert.Matches(@"with 2 loop\(s\)", app.Lines.First(l => l.Contains("Squall listening", StringComparison.Ordinal)));

        using var client = new KeepAliveClient(port);
        client.Send("/visits");
        var (status, headers, body) = client.Receive();
        Assert.Equal(200, status);
        Assert.Equal("1", body);
        // The environment overrides appsettings.json.
        Assert.Equal("from-env", headers["server"]);
        // The cookie is signed with the secret from the environment: check the HMAC independently of Squall's code.
        var cookie = Regex.Match(headers["set-cookie"], "^visits=\"?([^\";]+)\"?").Groups[1].Value;
        var parts = cookie.Split('|');
        Assert.Equal(3, parts.Length);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes("env-secret-0123456789"), Encoding.UTF8.GetBytes("visits|" + parts[0] + "|" + parts[1]));
        Assert.Equal(Convert.ToHexStringLower(mac), parts[2]);

        // The access log goes through the host's ILoggerFactory (category Squall.Access, enabled by appsettings.json).
        app.WaitForLine(new Regex(@"Squall\.Access.*200 GET /visits \(127\.0\.0\.1\)"));

        app.Terminate();
        Assert.Equal(0, app.WaitForExit());
    }
}

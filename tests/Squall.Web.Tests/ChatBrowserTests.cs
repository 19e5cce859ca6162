using Chat;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Squall.Http;
using Squall.Testing;

namespace Squall.Web.Tests;

/// <summary>
/// The chat page in a real browser: Debian's chromium, headless, driven by Debian's chromedriver through Selenium.
/// Two pages chat over <c>/chatsocket</c>; closing one leaves the other chatting. Every wait is a
/// <see cref="WebDriverWait"/> on a DOM condition, bounded.
/// </summary>
[Collection("Chat")]
public sealed class ChatBrowserTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly AsyncHttpTestServer _server = new(ChatApp.Routes, ChatApp.CreateSettings("browser-secret"));
    private readonly List<string> _profiles = new();

    public void Dispose()
    {
        _server.Dispose();
        foreach (var dir in _profiles)
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private ChromeDriver OpenBrowser()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is required (.ci/apt-packages installs it)");
        Assert.True(File.Exists("/usr/bin/chromedriver"), "Debian's chromium-driver is required (.ci/apt-packages installs it)");
        var profile = Path.Combine(Path.GetTempPath(), "squall-chromium-" + Guid.NewGuid().ToString("N"));
        _profiles.Add(profile);
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--user-data-dir=" + profile);
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
        driver.Manage().Timeouts().PageLoad = Wait;
        return driver;
    }

    private void OpenChat(IWebDriver driver)
    {
        driver.Navigate().GoToUrl(_server.GetUrl("/"));
        // The page marks its body once its WebSocket is open.
        new WebDriverWait(driver, Wait).Until(d => d.FindElement(By.TagName("body")).GetAttribute("data-socket") == "open");
    }

    private static void Say(IWebDriver driver, string text)
    {
        var input = driver.FindElement(By.Id("message"));
        input.SendKeys(text);
        input.SendKeys(Keys.Enter);
    }

    private static void WaitForMessage(IWebDriver driver, string text) =>
        new WebDriverWait(driver, Wait).Until(d => d.FindElements(By.CssSelector("#inbox .message")).Any(e => e.Text == text));

    [Fact]
    public void Two_pages_chat_over_the_websocket_and_closing_one_leaves_the_other_chatting()
    {
        using var alice = OpenBrowser();
        var bob = OpenBrowser();
        try
        {
            OpenChat(alice);
            OpenChat(bob);

            Say(alice, "hello <bob> & co");
            WaitForMessage(bob, "hello <bob> & co");   // shown as text: the markup was escaped
            WaitForMessage(alice, "hello <bob> & co");  // the sender gets its own message back
            Assert.Empty(bob.FindElements(By.CssSelector("#inbox b")));

            Say(bob, "hi alice");
            WaitForMessage(alice, "hi alice");
        }
        finally
        {
            bob.Quit(); // bob's page goes away
        }

        Say(alice, "anyone left?");
        WaitForMessage(alice, "anyone left?");
        Assert.Equal("open", alice.FindElement(By.TagName("body")).GetAttribute("data-socket"));

        // A fresh page renders what was said (server-side, HTML-escaped).
        alice.Navigate().Refresh();
        new WebDriverWait(alice, Wait).Until(d => d.FindElement(By.TagName("body")).GetAttribute("data-socket") == "open");
        var texts = alice.FindElements(By.CssSelector("#inbox .message")).Select(e => e.Text).ToList();
        Assert.Contains("hello <bob> & co", texts);
        Assert.Contains("hi alice", texts);
        Assert.Contains("anyone left?", texts);
        alice.Quit();
    }
}

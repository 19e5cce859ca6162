namespace SquallChat;

/// <summary>The chat page: a list of messages and a form; the browser's WebSocket does the rest.</summary>
internal static class ChatPage
{
    public const string Html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>SquallChat</title>
          <style>body { font-family: sans-serif; max-width: 40em; margin: 2em auto; } #messages div { padding: .2em 0; }</style>
        </head>
        <body>
          <h1>SquallChat</h1>
          <div id="messages"></div>
          <form id="form"><input id="body" autocomplete="off" autofocus size="50"> <button>Send</button></form>
          <p id="status">connecting…</p>
          <script>
            const socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/chatsocket");
            const status = document.getElementById("status");
            socket.onopen = () => status.textContent = "connected";
            socket.onclose = e => status.textContent = "closed (" + e.code + (e.reason ? ": " + e.reason : "") + ")";
            socket.onmessage = e => {
              const message = JSON.parse(e.data);
              const line = document.createElement("div");
              line.id = "m" + message.id;
              line.textContent = message.body;
              document.getElementById("messages").appendChild(line);
            };
            document.getElementById("form").onsubmit = e => {
              e.preventDefault();
              const input = document.getElementById("body");
              if (input.value) socket.send(JSON.stringify({ body: input.value }));
              input.value = "";
            };
          </script>
        </body>
        </html>
        """;
}

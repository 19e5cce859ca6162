namespace Chat;

/// <summary>The page, inline (no template engine): the form posts with the XSRF token, the script chats over the WebSocket (long polling as the fallback).</summary>
internal static class Page
{
    public const string Head = """
        <!DOCTYPE html>
        <html><head><meta charset="UTF-8"><title>Squall Chat Demo</title>
        <style>body{font-family:sans-serif;margin:2em} .message{padding:2px 0}</style></head>
        <body><div id="inbox">

        """;

    public const string Form = """
        </div>
        <form action="/a/message/new" method="post" id="messageform">
          <input type="text" name="body" id="message" style="width:30em" autofocus>
          <input type="hidden" name="next" value="/">
          {xsrf}
          <input type="submit" value="Post">
        </form>
        <script>
        // Chats over the WebSocket at /chatsocket (Tornado's websocket demo); if it cannot open, falls back to the
        // long-polling endpoints, which stay available.
        const xsrf = document.querySelector('input[name=_xsrf]').value;
        let cursor = null;
        const last = document.querySelector('#inbox .message:last-child');
        if (last) cursor = last.id.substring(1);
        let socket = null;
        function show(m) {
          if (document.getElementById('m' + m.id)) return;
          document.getElementById('inbox').insertAdjacentHTML('beforeend', m.html);
          cursor = m.id;
        }
        function connect() {
          const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/chatsocket');
          ws.onopen = () => { socket = ws; document.body.dataset.socket = 'open'; };
          ws.onmessage = e => show(JSON.parse(e.data));
          ws.onclose = () => {
            const wasOpen = socket === ws;
            socket = null;
            document.body.dataset.socket = 'closed';
            if (!wasOpen) poll();
            else setTimeout(connect, 1000);
          };
        }
        document.getElementById('messageform').addEventListener('submit', async e => {
          e.preventDefault();
          const input = document.getElementById('message');
          const body = input.value;
          input.value = '';
          if (socket) socket.send(JSON.stringify({ body }));
          else await fetch('/a/message/new', { method: 'POST', body: new URLSearchParams({ body, _xsrf: xsrf }) });
        });
        async function poll() {
          for (;;) {
            try {
              const data = new URLSearchParams({ _xsrf: xsrf });
              if (cursor) data.set('cursor', cursor);
              const r = await fetch('/a/message/updates', { method: 'POST', body: data });
              if (!r.ok) throw new Error(r.status);
              for (const m of (await r.json()).messages) show(m);
            } catch (err) {
              await new Promise(r => setTimeout(r, 5000));
            }
          }
        }
        if ('WebSocket' in window) connect(); else poll();
        </script>
        </body></html>
        """;
}

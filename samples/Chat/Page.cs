namespace Chat;

/// <summary>The page, inline (no template engine): the form posts with the XSRF token, the script long-polls.</summary>
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
        const xsrf = document.querySelector('input[name=_xsrf]').value;
        let cursor = null;
        const last = document.querySelector('#inbox .message:last-child');
        if (last) cursor = last.id.substring(1);
        document.getElementById('messageform').addEventListener('submit', async e => {
          e.preventDefault();
          const input = document.getElementById('message');
          const data = new URLSearchParams({ body: input.value, _xsrf: xsrf });
          input.value = '';
          await fetch('/a/message/new', { method: 'POST', body: data });
        });
        async function poll() {
          for (;;) {
            try {
              const data = new URLSearchParams({ _xsrf: xsrf });
              if (cursor) data.set('cursor', cursor);
              const r = await fetch('/a/message/updates', { method: 'POST', body: data });
              if (!r.ok) throw new Error(r.status);
              for (const m of (await r.json()).messages) {
                if (document.getElementById('m' + m.id)) continue;
                document.getElementById('inbox').insertAdjacentHTML('beforeend', m.html);
                cursor = m.id;
              }
            } catch (err) {
              await new Promise(r => setTimeout(r, 5000));
            }
          }
        }
        poll();
        </script>
        </body></html>
        """;
}

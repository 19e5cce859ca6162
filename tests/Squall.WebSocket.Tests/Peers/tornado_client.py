"""Tornado's websocket_connect against a Squall server: echo a text and a binary message, then close.

Usage: tornado_client.py URL [compress]. Prints one JSON line with what came back.
"""
import json
import sys

from tornado import ioloop, websocket


async def main(url, compress):
    options = {} if compress else None
    conn = await websocket.websocket_connect(url, compression_options=options, connect_timeout=20)
    text = "héllo from tornado " * (50 if compress else 1)
    await conn.write_message(text)
    echo_text = await conn.read_message()
    data = bytes(range(256)) * 20
    await conn.write_message(data, binary=True)
    echo_binary = await conn.read_message()
    extensions = conn.headers.get("Sec-WebSocket-Extensions")
    conn.close(1000, "bye")
    end = await conn.read_message()
    print(json.dumps({
        "text_ok": echo_text == text,
        "text_is_str": isinstance(echo_text, str),
        "binary_ok": echo_binary == data,
        "binary_is_bytes": isinstance(echo_binary, bytes),
        "extensions": extensions,
        "end": end,
        "close_code": conn.close_code,
    }))


if __name__ == "__main__":
    ioloop.IOLoop.current().run_sync(lambda: main(sys.argv[1], len(sys.argv) > 2 and sys.argv[2] == "compress"), timeout=60)

"""A Tornado WebSocket echo server on 127.0.0.1, port 0; prints its port, serves until stdin closes.

/echo accepts permessage-deflate (get_compression_options returns {}), /plain declines it.
"""
import sys

from tornado import ioloop, web, websocket
from tornado.netutil import bind_sockets
from tornado.httpserver import HTTPServer


class Echo(websocket.WebSocketHandler):
    def get_compression_options(self):
        return {}

    def on_message(self, message):
        self.write_message(message, binary=isinstance(message, bytes))


class Plain(Echo):
    def get_compression_options(self):
        return None


def main():
    app = web.Application([(r"/echo", Echo), (r"/plain", Plain)])
    sockets = bind_sockets(0, "127.0.0.1")
    server = HTTPServer(app)
    server.add_sockets(sockets)
    print(sockets[0].getsockname()[1], flush=True)
    loop = ioloop.IOLoop.current()
    loop.add_handler(sys.stdin.fileno(), lambda fd, events: loop.stop(), ioloop.IOLoop.READ)
    loop.start()


if __name__ == "__main__":
    main()

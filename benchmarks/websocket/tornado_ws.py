"""Tornado WebSocket peer for benchmarks/websocket: /ws/echo (deflate when offered), /ws/broadcast.

Usage: tornado_ws.py PORT
"""
import sys

from tornado import ioloop, web, websocket


class Echo(websocket.WebSocketHandler):
    def get_compression_options(self):
        return {}

    def on_message(self, message):
        self.write_message(message, binary=isinstance(message, bytes))


class Broadcast(websocket.WebSocketHandler):
    room = set()

    def open(self):
        Broadcast.room.add(self)

    def on_close(self):
        Broadcast.room.discard(self)

    def on_message(self, message):
        for socket in list(Broadcast.room):
            try:
                socket.write_message(message)
            except websocket.WebSocketClosedError:
                pass


if __name__ == "__main__":
    app = web.Application([(r"/ws/echo", Echo), (r"/ws/broadcast", Broadcast)])
    app.listen(int(sys.argv[1]), "127.0.0.1")
    ioloop.IOLoop.current().start()

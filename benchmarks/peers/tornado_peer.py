"""Tornado peer for benchmarks/load: the same two endpoints as Squall's plaintext handler.

GET /plaintext -> "Hello, World!" (text/plain), GET /json -> {"message":"Hello, World!"} (application/json).
One process, xheaders off, access log off, bound to the address given (the load script passes 127.0.0.1).
Run it with Debian's interpreter (/usr/bin/python3), which sees Debian's python3-tornado.
"""
import argparse
import asyncio
import logging
import ssl

import tornado.web

PLAINTEXT = b"Hello, World!"
MESSAGE = {"message": "Hello, World!"}


class PlaintextHandler(tornado.web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "text/plain")
        self.write(PLAINTEXT)


class JsonHandler(tornado.web.RequestHandler):
    def get(self):
        # write(dict) serializes with tornado.escape.json_encode and sets application/json; charset=UTF-8.
        self.write(MESSAGE)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8888)
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--certfile", help="PEM certificate: serve HTTPS (with --keyfile)")
    parser.add_argument("--keyfile", help="PEM private key of --certfile")
    args = parser.parse_args()
    ssl_options = None
    if args.certfile:
        # Tornado's ssl_options as an SSLContext; TLS 1.2 and 1.3 only, as the other HTTPS peers.
        ssl_options = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ssl_options.minimum_version = ssl.TLSVersion.TLSv1_2
        ssl_options.load_cert_chain(args.certfile, args.keyfile)

    logging.getLogger("tornado.access").disabled = True
    app = tornado.web.Application(
        [(r"/plaintext", PlaintextHandler), (r"/json", JsonHandler)],
        log_function=lambda handler: None,
    )
    app.listen(args.port, address=args.address, xheaders=False, ssl_options=ssl_options)
    scheme = "https" if ssl_options else "http"
    print(f"tornado {tornado.version} serving {scheme}://{args.address}:{args.port}/", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())

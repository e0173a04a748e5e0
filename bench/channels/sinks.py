"""The local servers the channels benchmark sends to: an SMTP sink and the SMS gateway's batch endpoint.

    python bench/channels/sinks.py smtp PORT STATSFILE
    python bench/channels/sinks.py sms PORT STATSFILE

Each counts what it accepted and writes the count to STATSFILE every half second. The SMS sink
keeps the refs it has seen (as the documented gateway does) and answers `duplicate` for a repeat;
the SMTP sink keeps the recipients of each post (by its X-Lantoa-Post header) and counts a repeat
as a duplicate, so `messages` is exactly the number of distinct people reached.
"""

import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _dump(path: str, counter: dict) -> None:
    with open(path + ".tmp", "w") as out:
        json.dump(counter, out)
    os.replace(path + ".tmp", path)


def _writer(path: str, counter: dict) -> None:
    while True:
        _dump(path, counter)
        time.sleep(0.5)


def smtp(port: int, stats: str) -> None:
    """A minimal asyncio SMTP server (ESMTP with PIPELINING): counts each (post, recipient) once, and repeats.

    Parses only what counting needs (envelope recipients, the X-Lantoa-Post header), so the sink
    stays far cheaper per message than the sender it measures (aiosmtpd costs ~1 ms a message).
    """
    import asyncio
    import re

    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass

    post_header = re.compile(rb"^x-lantoa-post:[ \t]*(\S+)", re.I | re.M)
    counter = {"messages": 0, "duplicates": 0, "bytes": 0, "connections": 0, "transactions": 0}
    seen: dict[bytes, set[bytes]] = {}  # post key → recipients delivered; only the latest two posts kept

    def deliver(content: bytes, rcpts: list[bytes]) -> None:
        header_end = content.find(b"\r\n\r\n")
        found = post_header.search(content, 0, header_end if header_end >= 0 else len(content))
        key = found.group(1) if found else b""
        if key not in seen:
            while len(seen) >= 2:
                seen.pop(next(iter(seen)))
            seen[key] = set()
        delivered = seen[key]
        counter["transactions"] += 1
        counter["bytes"] += len(content)
        for rcpt in rcpts:
            if rcpt in delivered:
                counter["duplicates"] += 1
            else:
                delivered.add(rcpt)
                counter["messages"] += 1

    class Session(asyncio.Protocol):
        def connection_made(self, transport):
            counter["connections"] += 1
            self.transport = transport
            self.buffer = b""
            self.in_data = False
            self.rcpts: list[bytes] = []
            transport.write(b"220 sink ESMTP\r\n")

        def data_received(self, data: bytes) -> None:
            buffer = self.buffer + data
            replies = []
            position = 0
            while True:
                if self.in_data:
                    # The end of data may be the very first line (empty body) or follow a CRLF.
                    if buffer.startswith(b".\r\n", position):
                        end, after = position, position + 3
                    else:
                        end = buffer.find(b"\r\n.\r\n", position)
                        if end < 0:
                            break
                        end, after = end + 2, end + 5
                    deliver(buffer[position:end], self.rcpts)
                    self.rcpts = []
                    self.in_data = False
                    position = after
                    replies.append(b"250 OK\r\n")
                    continue
                eol = buffer.find(b"\r\n", position)
                if eol < 0:
                    break
                line = buffer[position:eol]
                position = eol + 2
                verb = line[:4].upper()
                if verb == b"RCPT":
                    address = line[line.find(b"<") + 1 : line.rfind(b">")].lower()
                    self.rcpts.append(address)
                    replies.append(b"250 OK\r\n")
                elif verb == b"MAIL":
                    self.rcpts = []
                    replies.append(b"250 OK\r\n")
                elif verb == b"DATA":
                    if self.rcpts:
                        self.in_data = True
                        replies.append(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    else:
                        replies.append(b"554 No valid recipients\r\n")
                elif verb == b"EHLO":
                    replies.append(b"250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 33554432\r\n")
                elif verb == b"QUIT":
                    replies.append(b"221 Bye\r\n")
                    self.transport.write(b"".join(replies))
                    self.transport.close()
                    return
                else:  # HELO, RSET, NOOP
                    if verb == b"RSET":
                        self.rcpts = []
                    replies.append(b"250 OK\r\n")
            self.buffer = buffer[position:]
            if replies:
                self.transport.write(b"".join(replies))

    async def serve() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(Session, "127.0.0.1", port, backlog=256)

        async def write_stats():
            while True:
                _dump(stats, counter)
                await asyncio.sleep(0.5)

        async with server:
            await asyncio.gather(server.serve_forever(), write_stats())

    asyncio.run(serve())


def sms(port: int, stats: str) -> None:
    counter = {"messages": 0, "duplicates": 0, "requests": 0}
    seen: set[str] = set()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            return

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            results = []
            with lock:
                counter["requests"] += 1
                for message in body["messages"]:
                    if message["ref"] in seen:
                        counter["duplicates"] += 1
                        results.append({"ref": message["ref"], "status": "duplicate", "id": "x"})
                    else:
                        seen.add(message["ref"])
                        counter["messages"] += 1
                        results.append({"ref": message["ref"], "status": "accepted", "id": str(counter["messages"])})
            payload = json.dumps({"code": "00", "message": "OK", "results": results}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=_writer, args=(stats, counter), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    kind, port, stats = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    {"smtp": smtp, "sms": sms}[kind](port, stats)

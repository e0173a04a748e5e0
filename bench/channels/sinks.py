"""The local servers the channels benchmark sends to: an SMTP sink (aiosmtpd) and the SMS gateway's batch endpoint.

    python bench/channels/sinks.py smtp PORT STATSFILE
    python bench/channels/sinks.py sms PORT STATSFILE

Each counts what it accepted and writes the count to STATSFILE every half second. The SMS sink
keeps the refs it has seen (as the documented gateway does) and answers `duplicate` for a repeat.
"""

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _writer(path: str, counter: dict) -> None:
    while True:
        with open(path + ".tmp", "w") as out:
            json.dump(counter, out)
        import os

        os.replace(path + ".tmp", path)
        time.sleep(0.5)


def smtp(port: int, stats: str) -> None:
    from aiosmtpd.controller import Controller

    counter = {"messages": 0, "bytes": 0}

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            counter["messages"] += len(envelope.rcpt_tos)
            counter["bytes"] += len(envelope.content)
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    _writer(stats, counter)


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

"""ClickHouse's own engine in this process (chdb), behind the part of ClickHouse's HTTP interface the store uses.

For the tests and the benchmark, never production (production talks to a ClickHouse server): `chdb-core` is a
test-only dependency (requirements-dev.txt). What it answers, as `clickhouse-server` does on port 8123:

- `GET /ping` and `GET /`: `Ok.`;
- `GET` or `POST /?query=…&database=…`: the query in the URL, the POST body appended to it after a line feed
  (so `INSERT … FORMAT JSONEachRow` in the URL and the rows in the body), or the whole query in the body;
  output in TabSeparated unless the query says `FORMAT`;
- errors: ClickHouse's own text (`Code: 60. DB::Exception: …`), the header `X-ClickHouse-Exception-Code`, and
  the HTTP status the server gives that code (`exceptionCodeToHTTPStatus` in ClickHouse's source).

One chdb session per process, one query at a time (a lock). Run it alone with
`python -m lantoa.analytics.chlocal --port 8123 --path var/chdb`.
"""

import argparse
import re
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# ClickHouse error codes → HTTP status, as src/Server/HTTP/exceptionCodeToHTTPStatus.cpp maps them (the codes of
# src/Common/ErrorCodes.cpp); any other code is a 500.
_STATUS = {
    194: 401,  # REQUIRED_PASSWORD
    **dict.fromkeys((192, 193, 516, 497), 403),  # UNKNOWN_USER, WRONG_PASSWORD, AUTHENTICATION_FAILED, ACCESS_DENIED
    # BAD_ARGUMENTS, CANNOT_PARSE_TEXT/…_QUOTED_STRING/…_DATE/…_DATETIME/…_NUMBER, CANNOT_PARSE_INPUT_ASSERTION_FAILED,
    # DUPLICATE_COLUMN, ILLEGAL_COLUMN, THERE_IS_NO_COLUMN, SYNTAX_ERROR, INCORRECT_DATA, TYPE_MISMATCH
    **dict.fromkeys((36, 6, 26, 38, 41, 72, 27, 15, 44, 8, 62, 117, 53), 400),
    # UNKNOWN_TABLE, _FUNCTION, _IDENTIFIER, _TYPE, _DATABASE, _SETTING, _FORMAT
    **dict.fromkeys((60, 46, 47, 50, 81, 115, 73), 404),
    48: 501,  # NOT_IMPLEMENTED
    159: 408,  # TIMEOUT_EXCEEDED
}
_CODE = re.compile(r"Code: (\d+)\.")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Engine:
    """One chdb session (its data in `path`), used by one query at a time."""

    def __init__(self, path: str):
        from chdb import session  # test-only dependency: imported when a front is started

        self.session = session.Session(path)
        self.lock = threading.Lock()

    def run(self, sql: str, database: str | None) -> bytes:
        with self.lock:
            if database:
                if not _NAME.match(database):
                    raise ValueError(f"Code: 81. DB::Exception: Database {database} does not exist. (UNKNOWN_DATABASE)")
                self.session.query(f"USE {database}")
            result = self.session.query(sql, "TabSeparated")
            return result.bytes() if result is not None else b""

    def close(self) -> None:
        self.session.close()


def handler_for(engine: Engine) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self, status: int, payload: bytes, code: int | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=UTF-8")
            self.send_header("Content-Length", str(len(payload)))
            if code is not None:
                self.send_header("X-ClickHouse-Exception-Code", str(code))
            self.end_headers()
            self.wfile.write(payload)

        def _query(self, body: bytes) -> None:
            url = urlsplit(self.path)
            if url.path == "/ping" or (url.path == "/" and not url.query and not body):
                self._answer(200, b"Ok.\n")
                return
            params = parse_qs(url.query)
            text = "\n".join(part for part in (params.get("query", [""])[0], body.decode("utf-8")) if part)
            try:
                payload = engine.run(text, params.get("database", [""])[0])
            except Exception as error:  # chdb raises ChdbError (a RuntimeError) with ClickHouse's message
                message = str(error)
                found = _CODE.search(message)
                code = int(found[1]) if found else 1001
                self._answer(_STATUS.get(code, 500), message.encode() + b"\n", code)
                return
            self._answer(200, payload)

        def do_GET(self):
            self._query(b"")

        def do_POST(self):
            self._query(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

        def log_message(self, *args):
            pass

    return Handler


def _server(path: str | None, port: int) -> tuple[ThreadingHTTPServer, Engine]:
    engine = Engine(path or tempfile.mkdtemp(prefix="lantoa-chdb-"))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(engine))
    server.daemon_threads = True
    return server, engine


def serve(path: str | None = None, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Start the front in a thread; returns the server (call .shutdown()) and its URL."""
    server, _engine = _server(path, port)
    threading.Thread(target=server.serve_forever, daemon=True, name="chdb-http").start()
    return server, f"http://127.0.0.1:{server.server_port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--path", default=None, help="where the engine keeps its data (default: a new temp dir)")
    args = parser.parse_args()
    server, engine = _server(args.path, args.port)
    print(f"ClickHouse engine (chdb) on http://127.0.0.1:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        engine.close()


if __name__ == "__main__":
    main()

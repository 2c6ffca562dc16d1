"""JSON-RPC 2.0 over stdio, framed as the Language Server Protocol frames it, and the
one thread that runs every message, timer and worker answer in turn.

Why replykit speaks the protocol itself instead of through pygls and lsprotocol: the
server answers ``initialize`` only once it can serve, and importing them was most of
that wait. On this machine (2 cores, ``python -X importtime``, medians of 9): lsprotocol
150-200 ms (its ~550 attrs classes, even with their methods compiled ahead), pygls with
cattrs and asyncio ~55 ms, against a target of 300 ms for the whole start; and they held
~15 MiB of the server's memory. The server uses a dozen messages, all plain JSON: the
messages are dicts with the protocol's own camelCase names, built in server.py and
actions.py, checked by tests against a client that speaks the wire format and against
neovim's built-in client.
"""

from __future__ import annotations

import heapq
import itertools
import json
import logging
import os
import queue
import re
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, BinaryIO

log = logging.getLogger("replykit.lsp")

# JSON-RPC and LSP error codes
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
SERVER_NOT_INITIALIZED = -32002

Handler = Callable[[Any], Any]
Callback = Callable[..., None]


class RpcError(Exception):
    """An error answer to the request being handled."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Timer:
    __slots__ = ("args", "callback", "cancelled", "when")

    def __init__(self, when: float, callback: Callback, args: tuple[Any, ...]) -> None:
        self.when, self.callback, self.args, self.cancelled = when, callback, args, False

    def cancel(self) -> None:
        self.cancelled = True


class Loop:
    """Callbacks from other threads and timers, run one at a time on the thread that
    calls ``run``: the server's state is only ever touched there, so it needs no locks."""

    def __init__(self) -> None:
        self._ready: queue.SimpleQueue[tuple[Callback, tuple[Any, ...]]] = queue.SimpleQueue()
        self._timers: list[tuple[float, int, Timer]] = []
        self._order = itertools.count()
        self._running = False

    @staticmethod
    def time() -> float:
        return time.monotonic()

    def call_soon_threadsafe(self, callback: Callback, *args: Any) -> None:
        self._ready.put((callback, args))

    def call_later(self, delay: float, callback: Callback, *args: Any) -> Timer:
        """Run ``callback`` after ``delay`` seconds (call from the loop's thread)."""
        timer = Timer(self.time() + delay, callback, args)
        heapq.heappush(self._timers, (timer.when, next(self._order), timer))
        return timer

    def stop(self) -> None:
        self._running = False

    def run(self) -> None:
        self._running = True
        while self._running:
            timeout = None
            while self._timers:
                when, _, timer = self._timers[0]
                if timer.cancelled:
                    heapq.heappop(self._timers)
                    continue
                timeout = when - self.time()
                if timeout > 0:
                    break
                heapq.heappop(self._timers)
                timeout = None
                self._call(timer.callback, timer.args)
                if not self._running:
                    return
            try:
                callback, args = self._ready.get(timeout=timeout)
            except queue.Empty:
                continue
            self._call(callback, args)

    @staticmethod
    def _call(callback: Callback, args: tuple[Any, ...]) -> None:
        try:
            callback(*args)
        except Exception:  # one failed callback must not end the server
            log.exception("replykit lsp: %s failed", getattr(callback, "__name__", callback))


class Worker:
    """One background thread for slow work (a grammar engine): jobs run in order, and
    each answer is handed back to the loop's thread."""

    def __init__(self, loop: Loop, name: str) -> None:
        self.loop = loop
        self.name = name
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], Callback] | None] = (
            queue.SimpleQueue()
        )
        self._thread: threading.Thread | None = None

    def submit(self, job: Callable[[], Any], done: Callback) -> None:
        """Run ``job`` on the worker; then ``done(result, error)`` on the loop."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name=self.name, daemon=True)
            self._thread.start()
        self._jobs.put((job, done))

    def _work(self) -> None:
        while (item := self._jobs.get()) is not None:
            job, done = item
            try:
                result, error = job(), None
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:  # a native engine's panic is a BaseException
                result, error = None, exc
            self.loop.call_soon_threadsafe(done, result, error)

    def stop(self) -> None:
        self._jobs.put(None)


# A frame's header block: a Content-Length line, maybe other header lines, a blank line.
# Searched for anywhere in the buffer, so a bad frame (no usable length, a length that
# was short) costs that frame alone: the reader resumes at the next one.
FRAME_HEAD = re.compile(  # not inside another header's name (X-Content-Length)
    rb"(?<![\w-])content-length[ \t]*:[ \t]*([^\r\n]*)\r?\n(?:[^\r\n]+\r?\n)*\r?\n",
    re.IGNORECASE,
)
HEADER_LINES = re.compile(rb"\s*(?:[A-Za-z][A-Za-z0-9-]*[ \t]*:[^\r\n]*\r?\n)+")
MAX_MESSAGE = 64 * 1024 * 1024  # bytes; a 10 MB reply is the most replykit reads
RESCAN = 1024  # bytes searched again after a read: a header split by the read


class FrameReader:
    """Messages cut from a byte stream by their ``Content-Length`` headers.

    It reads the descriptor with ``os.read``, not through ``sys.stdin.buffer``: the reader
    thread is still blocked in a read when the server exits, and a buffered reader's
    lock held by a daemon thread aborts the interpreter's shutdown (SIGABRT)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._buffer = bytearray()
        self._searched = 0  # no header starts before this offset, but maybe in RESCAN

    def _fill(self) -> bool:
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return False
        self._buffer += chunk
        return bool(chunk)

    def message(self) -> bytes | None:
        """The next message's body; None at the end of input."""
        while True:
            head = FRAME_HEAD.search(self._buffer, max(0, self._searched - RESCAN))
            if head is None:
                self._searched = len(self._buffer)
                if self._searched > MAX_MESSAGE:  # no header in all that: drop it
                    log.warning("replykit lsp: skipped %d bytes outside a message", self._searched)
                    del self._buffer[:-RESCAN]
                    self._searched = len(self._buffer)
                if not self._fill():
                    return None
                continue
            start, end, value = head.start(), head.end(), bytes(head.group(1))
            skipped = bytes(self._buffer[:start])
            if skipped.strip() and not HEADER_LINES.fullmatch(skipped):
                log.warning("replykit lsp: skipped %d bytes outside a message", start)
            del self._buffer[:end]  # (a match on a bytearray reads it lazily: value first)
            self._searched = 0
            try:
                length = int(value.strip())
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_MESSAGE:
                log.warning("replykit lsp: a message without a usable Content-Length, skipped")
                continue
            while len(self._buffer) < length:
                if not self._fill():
                    return None
            body = bytes(self._buffer[:length])
            del self._buffer[:length]
            return body


class Connection:
    """Messages in (on a reader thread, handed to the loop) and out (whole, under a lock)."""

    def __init__(self, reader: FrameReader, writer: BinaryIO, loop: Loop) -> None:
        self.reader, self.writer, self.loop = reader, writer, loop
        self._lock = threading.Lock()

    def start_reading(self, on_message: Callback, on_end: Callback) -> None:
        def read() -> None:
            while (body := self.reader.message()) is not None:
                self.loop.call_soon_threadsafe(on_message, body)
            self.loop.call_soon_threadsafe(on_end)

        threading.Thread(target=read, name="replykit-lsp-reader", daemon=True).start()

    def send(self, message: dict[str, Any]) -> None:
        # ASCII JSON: a lone surrogate in an editor's text cannot break the UTF-8 stream
        body = json.dumps(
            {"jsonrpc": "2.0", **message}, separators=(",", ":"), allow_nan=False
        ).encode("ascii")
        with self._lock:
            try:
                self.writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
                self.writer.flush()
            except (BrokenPipeError, ValueError, OSError):  # the editor has gone
                self.loop.stop()


class Endpoint:
    """The LSP message life cycle over a Connection: dispatch to ``requests`` and
    ``notifications`` handlers by method, answers and errors, requests to the client,
    and ``initialize`` / ``shutdown`` / ``exit`` as the specification orders them."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.loop = connection.loop
        self.requests: dict[str, Handler] = {"shutdown": self._shutdown}
        self.notifications: dict[str, Handler] = {"exit": self._exit}
        self.initialized = False
        self.shut_down = False
        self.exit_code = 1
        self._pending: dict[int, Callback] = {}
        self._next_id = itertools.count(1)

    # ---------------------------------------------------------------- outgoing

    def notify(self, method: str, params: Any) -> None:
        self.connection.send({"method": method, "params": params})

    def request(self, method: str, params: Any, answered: Callback) -> None:
        """Ask the client; ``answered(result, error)`` on the loop once it replies."""
        ident = next(self._next_id)
        self._pending[ident] = answered
        self.connection.send({"id": ident, "method": method, "params": params})

    # ---------------------------------------------------------------- incoming

    def serve(self) -> int:
        self.connection.start_reading(self.receive, lambda: self._exit(None))
        self.loop.run()
        return self.exit_code

    def receive(self, body: bytes) -> None:
        try:
            message = json.loads(body, parse_constant=_not_json)
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
            self._error(None, PARSE_ERROR, f"not JSON: {exc}")
            return
        if not isinstance(message, dict):
            self._error(None, INVALID_REQUEST, "a message must be a JSON object")
            return
        method, ident = message.get("method"), message.get("id")
        valid_id = isinstance(ident, (int, str)) and not isinstance(ident, bool)
        if isinstance(method, str):
            if "id" not in message:
                self._notification(method, message.get("params"))
            elif valid_id:
                self._request(ident, method, message.get("params"))
            else:
                self._error(None, INVALID_REQUEST, "a request's id must be an integer or a string")
        elif "result" in message or "error" in message:
            answered = self._pending.pop(ident, None) if valid_id else None
            if answered is not None:
                answered(message.get("result"), message.get("error"))
        else:
            self._error(ident if valid_id else None, INVALID_REQUEST, "not a request or an answer")

    def _request(self, ident: Any, method: str, params: Any) -> None:
        if self.shut_down:
            self._error(ident, INVALID_REQUEST, "the server is shutting down")
            return
        if not self.initialized and method != "initialize":
            self._error(ident, SERVER_NOT_INITIALIZED, f"{method} before initialize")
            return
        if self.initialized and method == "initialize":
            self._error(ident, INVALID_REQUEST, "initialize was already answered")
            return
        handler = self.requests.get(method)
        if handler is None:
            self._error(ident, METHOD_NOT_FOUND, f"unsupported method: {method}")
            return
        try:
            result = handler(params)
        except RpcError as exc:
            self._error(ident, exc.code, exc.message)
        except (KeyError, TypeError, AttributeError) as exc:  # params not of the method's shape
            log.warning("replykit lsp: %s: bad params (%r)", method, exc)
            self._error(ident, INVALID_PARAMS, f"{method}: bad params ({exc!r})")
        except Exception as exc:
            log.exception("replykit lsp: %s failed", method)
            self._error(ident, INTERNAL_ERROR, f"{method} failed: {exc}")
        else:
            if method == "initialize":
                self.initialized = True
            self.connection.send({"id": ident, "result": result})

    def _notification(self, method: str, params: Any) -> None:
        handler = self.notifications.get(method)
        if handler is None or (not self.initialized and method != "exit"):
            return  # unknown notifications ($/setTrace, ...) are ignored, as the spec says
        try:
            handler(params)
        except RpcError as exc:
            log.warning("replykit lsp: %s: %s", method, exc.message)
        except (KeyError, TypeError, AttributeError) as exc:
            log.warning("replykit lsp: %s: bad params (%r)", method, exc)
        except Exception:
            log.exception("replykit lsp: %s failed", method)

    def _error(self, ident: Any, code: int, message: str) -> None:
        self.connection.send({"id": ident, "error": {"code": code, "message": message}})

    def _shutdown(self, params: Any) -> None:
        self.shut_down = True

    def _exit(self, params: Any) -> None:
        self.exit_code = 0 if self.shut_down else 1
        self.loop.stop()


def _not_json(constant: str) -> None:
    raise ValueError(f"{constant} is not a JSON value")


def stdio_connection(loop: Loop) -> Connection:
    """The process's stdin and stdout as the protocol's channel; anything else printed
    goes to stderr, so a stray print cannot corrupt a message."""
    writer = sys.stdout.buffer
    sys.stdout = sys.stderr
    return Connection(FrameReader(sys.stdin.fileno()), writer, loop)

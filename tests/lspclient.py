"""A small LSP client over a subprocess's stdio, as an editor speaks it (JSON-RPC with
Content-Length headers). Used by the tests and by tests/benchmark_lsp.py.

With ``check=True`` (the tests) every message the server sends is also structured into
lsprotocol's type for its method, the protocol's reference model: a missing field, a
wrong type or a bad enum value is a violation, and ``close`` fails on any."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

SERVER = [sys.executable, "-m", "replykit", "lsp"]


class LspClient:
    def __init__(
        self,
        cwd: Path | str | None = None,
        settings: dict[str, Any] | None = None,
        env: dict[str, str] | None = None,
        check: bool = False,
    ) -> None:
        self.checker = ProtocolChecker() if check else None
        self.violations: list[str] = []
        self.sent_methods: dict[int, str] = {}
        self.proc = subprocess.Popen(
            SERVER,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env={**os.environ, **(env or {})},
        )
        self.settings = settings  # the answer to workspace/configuration
        self.next_id = 0
        self.responses: dict[int, queue.Queue[dict[str, Any]]] = {}
        self.notifications: queue.Queue[dict[str, Any]] = queue.Queue()
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    # ------------------------------------------------------------------ wire

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        with self.lock:
            assert self.proc.stdin is not None
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            message = json.loads(stream.read(length))
            if self.checker is not None:
                problem = self.checker.problem(message, self.sent_methods)
                if problem:
                    self.violations.append(problem)
            message["_received"] = time.perf_counter()
            if "method" in message and "id" in message:
                self._answer(message)
            elif "method" in message:
                self.notifications.put(message)
            else:
                self.responses.setdefault(message["id"], queue.Queue()).put(message)

    def _answer(self, request: dict[str, Any]) -> None:
        """Requests from the server: settings, progress tokens, edits to apply."""
        if request["method"] == "workspace/configuration":
            result: Any = [self.settings for _ in request["params"]["items"]]
        else:
            result = None
        self._send({"id": request["id"], "result": result})

    # ------------------------------------------------------------------ API

    def request(self, method: str, params: Any, timeout: float = 20) -> Any:
        with self.lock:
            self.next_id += 1
            ident = self.next_id
            self.responses.setdefault(ident, queue.Queue())
            self.sent_methods[ident] = method
        self._send({"id": ident, "method": method, "params": params})
        answer = self.responses[ident].get(timeout=timeout)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer["result"]

    def notify(self, method: str, params: Any) -> float:
        sent = time.perf_counter()
        self._send({"method": method, "params": params})
        return sent

    def wait_for(self, method: str, timeout: float = 20, **match: Any) -> dict[str, Any]:
        """The next notification ``method`` whose params contain ``match``."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {method} {match} within {timeout} s")
            try:
                message = self.notifications.get(timeout=left)
            except queue.Empty:
                raise TimeoutError(f"no {method} {match} within {timeout} s") from None
            params = message.get("params", {})
            if message["method"] == method and all(params.get(k) == v for k, v in match.items()):
                return message

    def initialize(
        self,
        root: Path | str,
        *,
        encodings: list[str] | None = None,
        options: dict[str, Any] | None = None,
        snippets: bool = True,
    ) -> dict[str, Any]:
        general = {"positionEncodings": encodings} if encodings is not None else {}
        capabilities = {
            "general": general,
            "workspace": {"configuration": self.settings is not None},
            "textDocument": {
                "publishDiagnostics": {"versionSupport": True},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "completion": {"completionItem": {"snippetSupport": snippets}},
                "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": []}}},
            },
        }
        result = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": Path(root).resolve().as_uri(),
                "capabilities": capabilities,
                "initializationOptions": options,
            },
        )
        self.notify("initialized", {})
        return result

    def open(self, path: Path, text: str, version: int = 1) -> str:
        uri = path.resolve().as_uri()
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "text", "version": version, "text": text}},
        )
        return uri

    def close(self) -> int:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            code = self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        self.reader.join(timeout=5)
        assert not self.violations, "messages lsprotocol rejects:\n" + "\n".join(self.violations)
        return code


class ProtocolChecker:
    """Structures a server's message into lsprotocol's class for its method."""

    def __init__(self) -> None:
        from lsprotocol import types
        from lsprotocol.converters import get_converter

        self.types = types.METHOD_TO_TYPES
        self.converter = get_converter()

    def problem(self, message: dict[str, Any], sent: dict[int, str]) -> str | None:
        if "method" in message:
            method = message["method"]
            kind = self.types.get(method, (None,))[0]
        elif "error" in message:
            kind = None  # an error answer: its shape is checked by the tests that ask for it
        else:
            method = sent.get(message.get("id"), "?")
            kind = self.types.get(method, (None, None))[1]
        if kind is None:
            return None
        try:
            self.converter.structure(message, kind)
        except Exception as exc:
            from cattrs import transform_error

            detail = "; ".join(transform_error(exc))
            return f"{kind.__name__}: {detail}: {json.dumps(message)[:300]}"
        return None

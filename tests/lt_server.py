"""A small LanguageTool-compatible HTTP server for tests, on loopback.

It answers ``/v2/languages`` and ``/v2/check`` with LanguageTool's documented JSON, and
finds a handful of real errors with LanguageTool's rule ids, offsets in UTF-16 units as
LanguageTool (Java) counts them. ``mode`` makes it slow, fail with 500, or send garbage.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

LANGUAGES = [
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
]
PATTERNS = [
    (
        re.compile(r"\bHe go\b"),
        "HE_VERB_AGR",
        "grammar",
        "Grammar",
        "The pronoun 'He' is usually used with a third-person or a past tense verb.",
        ["He goes", "He went"],
    ),
    (
        re.compile(r"\ba apple\b"),
        "EN_A_VS_AN",
        "grammar",
        "Miscellaneous",
        "Use 'an' instead of 'a' if the following word starts with a vowel sound.",
        ["an apple"],
    ),
    (
        re.compile(r"\brefnud\b"),
        "MORFOLOGIK_RULE_EN_US",
        "misspelling",
        "Possible Typo",
        "Possible spelling mistake found.",
        ["refund"],
    ),
    (
        re.compile(r"\bAcmeCloud\b"),
        "MORFOLOGIK_RULE_EN_US",
        "misspelling",
        "Possible Typo",
        "Possible spelling mistake found.",
        ["Acme Cloud"],
    ),
    (
        re.compile(r"\bOkafor\b"),
        "MORFOLOGIK_RULE_EN_US",
        "misspelling",
        "Possible Typo",
        "Possible spelling mistake found.",
        ["Okay"],
    ),
    (
        re.compile(r"\b(\w+) \1\b"),
        "ENGLISH_WORD_REPEAT_RULE",
        "duplication",
        "Miscellaneous",
        "Possible typo: you repeated a word.",
        [],
    ),
]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def find_matches(text: str) -> list[dict]:
    matches = []
    for pattern, rule_id, issue, category, message, replacements in PATTERNS:
        for m in pattern.finditer(text):
            matches.append(
                {
                    "message": message,
                    "shortMessage": "",
                    "replacements": [{"value": r} for r in replacements],
                    "offset": utf16_len(text[: m.start()]),
                    "length": utf16_len(m.group()),
                    "context": {
                        "text": text[max(0, m.start() - 20) : m.end() + 20],
                        "offset": min(20, m.start()),
                        "length": len(m.group()),
                    },
                    "sentence": text,
                    "rule": {
                        "id": rule_id,
                        "description": message,
                        "issueType": issue,
                        "category": {"id": category.upper().replace(" ", "_"), "name": category},
                    },
                    "ignoreForIncompleteSentence": False,
                    "contextForSureMatch": 0,
                }
            )
    return sorted(matches, key=lambda m: m["offset"])


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (the slow mode) is expected: print no traceback, which
        would land in whatever test's captured stderr is current."""


class FakeLanguageTool:
    """Start with ``with FakeLanguageTool() as lt: lt.url``; set ``lt.mode``."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.requests: list[dict] = []
        self.connections: set[int] = set()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                outer.connections.add(self.client_address[1])
                if self.path.startswith("/v2/languages"):
                    self._send(200, json.dumps(LANGUAGES).encode())
                else:
                    self._send(404, b"not found", "text/plain")

            def do_POST(self) -> None:
                outer.connections.add(self.client_address[1])
                length = int(self.headers.get("Content-Length", 0))
                form = parse_qs(self.rfile.read(length).decode("utf-8"))
                params = {k: v[0] for k, v in form.items()}
                outer.requests.append(params)
                if not self.path.startswith("/v2/check"):
                    self._send(404, b"not found", "text/plain")
                elif outer.mode == "slow":
                    time.sleep(8)
                    self._send(200, b'{"matches": []}')
                elif outer.mode == "500":
                    self._send(500, b"Internal Server Error", "text/plain")
                elif outer.mode == "garbage":
                    self._send(200, b"<html>not json", "text/html")
                else:
                    body = {
                        "software": {"name": "LanguageTool", "version": "6.6"},
                        "language": {"name": "English (US)", "code": "en-US"},
                        "matches": find_matches(params.get("text", "")),
                    }
                    self._send(200, json.dumps(body).encode())

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeLanguageTool:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

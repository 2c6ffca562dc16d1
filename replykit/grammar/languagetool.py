"""Grammar and spelling from LanguageTool, through language-tool-python.

LanguageTool comes from a server URL (``--languagetool``, ``REPLYKIT_LANGUAGETOOL``,
``[grammar] server``) or a local install (``[grammar] path``, started for the run);
never from language-tool-python's automatic download. Nothing configured: grammar is
off. Configured but unreachable, erroring or slow: one ``grammar-unavailable`` finding
per run, and the run still ends within the timeout.
"""

from __future__ import annotations

import contextlib
import json
import queue
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from replykit.grammar.common import (
    GrammarMatch,
    add_engine_findings,
    known_set,
    text_to_send,
)
from replykit.grammar.settings import GrammarSettings
from replykit.models import FileReport

if TYPE_CHECKING:
    import subprocess

    from replykit.text.lexicon import Lexicon

# LanguageTool rules that say what a built-in rule already says about the same span.
SAME_AS_BUILTIN = {
    "ENGLISH_WORD_REPEAT_RULE": "repeated-word",
    "WORD_REPEAT_RULE": "repeated-word",
    "WHITESPACE_RULE": "spacing",
    "COMMA_PARENTHESIS_WHITESPACE": "spacing",
    "DOUBLE_PUNCTUATION": "punctuation-run",
    "EN_EXCLAMATION_MARKS": "exclamation",
}


class GrammarUnavailable(Exception):
    """LanguageTool did not answer usefully; the message says why."""


# --------------------------------------------------------------------------- text and offsets


def utf16_to_index(text: str, units: int) -> int:
    """A LanguageTool (Java, UTF-16) offset as a Python string index."""
    index = count = 0
    while index < len(text) and count < units:
        count += 2 if ord(text[index]) > 0xFFFF else 1
        index += 1
    return index


# --------------------------------------------------------------------------- the client


def _client_class():  # type: ignore[no-untyped-def]
    """language-tool-python's LanguageTool, with one HTTP session and our timeout."""
    import requests
    from language_tool_python import LanguageTool
    from language_tool_python.exceptions import LanguageToolError

    class SessionLanguageTool(LanguageTool):  # type: ignore[misc]
        def __init__(self, *args: Any, session: Any, timeout: float, **kwargs: Any) -> None:
            self._session = session
            self._request_timeout = timeout
            super().__init__(*args, **kwargs)

        def _query_server(
            self,
            url: str,
            params: dict[str, str] | None = None,
            num_tries: int = 1,
            method: str = "get",
        ) -> Any:
            try:
                if method == "post":
                    response = self._session.post(url, data=params, timeout=self._request_timeout)
                else:
                    response = self._session.get(url, params=params, timeout=self._request_timeout)
            except requests.RequestException as exc:
                raise LanguageToolError(f"{url}: {exc}") from exc
            if response.status_code != 200:
                raise LanguageToolError(f"{url}: HTTP {response.status_code}")
            try:
                return response.json()
            except ValueError as exc:
                raise LanguageToolError(f"{url}: not JSON") from exc

        def raw_check(self, text: str) -> list[dict[str, Any]]:
            """The server's matches as sent, before Match shifts offsets (not thread-safe)."""
            import urllib.parse

            url = urllib.parse.urljoin(self._url, "check")
            response = self._query_server(url, self._create_params(text), method="post")
            if not isinstance(response, dict) or not isinstance(response.get("matches"), list):
                raise LanguageToolError("the answer has no matches list")
            return response["matches"]

        def close(self) -> None:  # never touch a local server we did not start
            with contextlib.suppress(Exception):
                self._session.close()

        def __del__(self) -> None:
            pass

    return SessionLanguageTool


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_local_server(path: str, timeout: float) -> tuple[str, subprocess.Popen[bytes]]:
    """Start LanguageTool's own HTTP server from an unpacked install; never download."""
    import shutil
    import socket
    import subprocess

    folder = Path(path)
    jar = folder / "languagetool-server.jar"
    if not jar.is_file():
        raise GrammarUnavailable(f"no languagetool-server.jar in {folder}")
    java = shutil.which("java")
    if java is None:
        raise GrammarUnavailable("java is not installed; LanguageTool needs it")
    port = _free_port()
    process = subprocess.Popen(
        [
            java,
            "-cp",
            str(jar),
            "org.languagetool.server.HTTPServer",
            "--port",
            str(port),
            "--allow-origin",
            "*",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + max(timeout, 10.0)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise GrammarUnavailable("the local LanguageTool server exited at start")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return f"http://127.0.0.1:{port}", process
        time.sleep(0.1)
    process.terminate()
    raise GrammarUnavailable("the local LanguageTool server did not start in time")


# --------------------------------------------------------------------------- checking


def _cache_read(key: str) -> list[GrammarMatch] | None:
    """A signed earlier answer for this text and these settings, checked field by field."""
    from replykit.io import cache

    payload = cache.load("grammar", key)
    if payload is None:
        return None
    try:
        matches = [GrammarMatch(**item) for item in json.loads(payload)]
    except (ValueError, TypeError):
        return None
    for m in matches:
        fields = (m.start, m.end, m.rule_id, m.issue_type, m.message, m.replacements)
        types = (int, int, str, str, str, list)
        if not all(isinstance(v, t) for v, t in zip(fields, types, strict=True)):
            return None
    return matches


def _cache_write(key: str, matches: list[GrammarMatch]) -> None:
    from replykit.io import cache

    cache.store("grammar", json.dumps([asdict(m) for m in matches]).encode("utf-8"), key)


def _convert(raw: list[dict[str, Any]], text: str) -> list[GrammarMatch]:
    matches = []
    for item in raw:
        try:
            start = utf16_to_index(text, int(item["offset"]))
            end = utf16_to_index(text, int(item["offset"]) + int(item["length"]))
            rule = item.get("rule") or {}
            replacements = [
                r.get("value", "") for r in item.get("replacements", []) if isinstance(r, dict)
            ]
            matches.append(
                GrammarMatch(
                    start,
                    end,
                    str(rule.get("id", "UNKNOWN")),
                    str(rule.get("issueType", "")),
                    str(item.get("message", "")),
                    replacements[:3],
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return matches


class GrammarChecker:
    """One run's LanguageTool connection: one session, bounded parallel requests."""

    def __init__(self, settings: GrammarSettings) -> None:
        self.settings = settings

    def check_texts(self, texts: list[str]) -> list[list[GrammarMatch]]:
        """Matches for each text, from the cache or LanguageTool, within the timeout."""
        results: list[list[GrammarMatch] | None] = [None] * len(texts)
        keys = [self.settings.cache_key(t) for t in texts]
        todo = []
        for index, key in enumerate(keys):
            cached = _cache_read(key) if self.settings.cache else None
            if cached is not None:
                results[index] = cached
            else:
                todo.append(index)
        if todo:
            fetched = self._fetch([texts[i] for i in todo])
            for index, matches in zip(todo, fetched, strict=True):
                results[index] = matches
                if self.settings.cache:
                    _cache_write(keys[index], matches)
        return [r or [] for r in results]

    def _fetch(self, texts: list[str]) -> list[list[GrammarMatch]]:
        """Daemon threads and a deadline, so a slow server can never hold the run."""
        deadline = time.monotonic() + self.settings.timeout
        answers: queue.Queue[tuple[int, Any]] = queue.Queue()
        jobs: queue.Queue[int] = queue.Queue()
        for index in range(len(texts)):
            jobs.put(index)
        state: dict[str, Any] = {}
        ready = threading.Event()

        def connect() -> None:
            try:
                import requests

                server = self.settings.server
                if not server and self.settings.path:
                    server, state["process"] = start_local_server(
                        self.settings.path, self.settings.timeout
                    )
                client = _client_class()(
                    self.settings.language,
                    remote_server=server,
                    session=requests.Session(),
                    timeout=self.settings.timeout,
                )
                client.disabled_rules = set(self.settings.disabled_rules)
                client.enabled_categories = set(self.settings.enabled_categories)
                client.picky = self.settings.picky
                state["client"] = client
            except Exception as exc:
                state["error"] = exc
            ready.set()

        def work() -> None:
            ready.wait()
            while "client" in state:
                try:
                    index = jobs.get_nowait()
                except queue.Empty:
                    return
                try:
                    raw = state["client"].raw_check(texts[index])
                    answers.put((index, _convert(raw, texts[index])))
                except Exception as exc:
                    answers.put((index, exc))
            if "error" in state:
                answers.put((-1, state["error"]))

        threading.Thread(target=connect, daemon=True).start()
        for _ in range(max(1, min(self.settings.parallel, len(texts)))):
            threading.Thread(target=work, daemon=True).start()
        results: dict[int, list[GrammarMatch]] = {}
        try:
            while len(results) < len(texts):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise GrammarUnavailable(
                        f"LanguageTool did not answer within {self.settings.timeout:g} s"
                    )
                try:
                    index, value = answers.get(timeout=remaining)
                except queue.Empty:
                    continue
                if isinstance(value, Exception):
                    raise GrammarUnavailable(_describe(value))
                results[index] = value
        finally:
            process = state.get("process")
            if process is not None:
                process.terminate()
        return [results[i] for i in range(len(texts))]


def _describe(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "Connection refused" in text or "Failed to establish" in text:
        return "cannot connect to the LanguageTool server (is it running?)"
    return f"LanguageTool failed: {text[:200]}"


# --------------------------------------------------------------------------- findings


def add_grammar_findings(
    reports: list[FileReport],
    settings: GrammarSettings,
    *,
    names: tuple[str, ...] = (),
    tone: str = "casual",
    subject: str | None = None,
    lexicon: Lexicon | None = None,
) -> None:
    """Add ``grammar``/``spelling`` findings to each report, or one ``grammar-unavailable``."""
    add_engine_findings(
        reports,
        engine="languagetool",
        prepare=text_to_send,
        check=lambda sent: GrammarChecker(settings).check_texts([s.text for s in sent]),
        unavailable=GrammarUnavailable,
        hint="start the LanguageTool server, or check [grammar] server/path and timeout",
        required=settings.required,
        known=known_set([*settings.words, *names]),
        names=names,
        tone=tone,
        subject=subject,
        lexicon=lexicon,
        same_as_builtin=SAME_AS_BUILTIN,
    )

"""``replykit lsp``: a language server over stdio, one warm process per editor.

What an editor gets:

- diagnostics when a reply is opened, changed (debounced: the first key after a pause is
  linted at once, a burst at most once per ``debounceMs``) and saved: severity, code
  (``RK401``), source ``replykit``, the rule's name in ``data``, and the rule's catalogue
  entry as hover text; ranges in the negotiated position encoding (UTF-8 when the
  client offers it, else UTF-16);
- code actions: each certain fix, all of them at once (``source.fixAll.replykit``), and
  "disable this rule on this line / in this file" as ``{# replykit: ... #}`` comments;
- completion of snippet ids after ``;`` at the start of a line (see completion.py).

The linting is the CLI's: the same config discovery (from the reply's folder upward),
word lists and rules, through ``replykit.lint`` and ``replykit.service`` in process. The
protocol is spoken by rpc.py (why not pygls: see there); messages are plain dicts with
the protocol's own names.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from replykit import __version__
from replykit.errors import ReplykitError
from replykit.lsp.document import UTF8, UTF16, Document
from replykit.lsp.grammar import GrammarEngines
from replykit.lsp.rpc import INVALID_PARAMS, Endpoint, Loop, RpcError, Timer, stdio_connection
from replykit.lsp.settings import (
    EditorSettings,
    FolderSettings,
    ReplyContext,
    context_files,
    load_folder_settings,
    load_reply_context,
    parse_editor_settings,
)

if TYPE_CHECKING:
    from replykit.lsp.rpc import Connection
    from replykit.models import Finding

log = logging.getLogger(__name__)

# the protocol's numbers: DiagnosticSeverity by replykit severity, MessageType
SEVERITY = {3: 1, 2: 2, 1: 3}
ERROR, WARNING = 1, 2
QUICK_FIX, FIX_ALL = "quickfix", "source.fixAll"
SYNC_INCREMENTAL = 2
AUTOMATIC = 2  # CodeActionTriggerKind: the editor asks on its own (a cursor move)
TRIGGER_CHARACTER = 2  # CompletionTriggerKind: the trigger character (";") was typed
SETTINGS_WAIT = 2.0  # seconds to wait for the editor's settings before grammar starts
# The longest reply linted as you type, in characters (about 40,000 words): the loop
# waits on each lint. Measured here (replykit lint --grammar off, 2 cores): 100,000
# characters 0.33 s, 300,000 0.60 s, 1,000,000 1.3 s; a 5 MB text full of findings took
# 11 s a lint in the server. Longer files are for ``replykit lint`` (up to 10 MB).
MAX_LIVE = 250_000


def dig(value: Any, *keys: str) -> Any:
    """``value[k1][k2]...``, or None where a level is missing or not an object."""
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def choose_encoding(capabilities: Any) -> str:
    """UTF-8 whenever the client offers it (columns then need no counting on ASCII lines
    and match what terminal editors count), else UTF-16, which every client speaks."""
    offered = dig(capabilities, "general", "positionEncodings")
    return UTF8 if isinstance(offered, list) and UTF8 in offered else UTF16


def capabilities(encoding: str) -> dict[str, Any]:
    return {
        "positionEncoding": encoding,
        "textDocumentSync": {
            "openClose": True,
            "change": SYNC_INCREMENTAL,
            "save": {"includeText": False},
        },
        "completionProvider": {"triggerCharacters": [";"], "resolveProvider": False},
        "hoverProvider": True,
        "codeActionProvider": {"codeActionKinds": [QUICK_FIX, FIX_ALL]},
    }


class Result:
    """The last lint of one document: for publishing again, hover and code actions."""

    __slots__ = ("error", "error_at", "findings", "grammar", "grammar_text", "text", "version")

    def __init__(
        self,
        version: int | None,
        text: str,
        findings: list[Finding],
        error: str | None = None,
        error_at: int = 0,
    ) -> None:
        self.version, self.text, self.findings = version, text, findings
        self.error = error  # why the reply could not be linted: one diagnostic says it
        self.error_at = error_at  # where, as an offset (the line the error names)
        self.grammar: list[Finding] = []
        self.grammar_text: str | None = None  # the text the grammar findings are about


class ReplykitServer(Endpoint):
    def __init__(self, connection: Connection) -> None:
        super().__init__(connection)
        self.docs: dict[str, Document] = {}
        self.editor = EditorSettings()
        self.initial: dict[str, Any] = {}
        self.root: Path | None = None
        self.encoding = UTF16
        self.client: dict[str, Any] = {}  # the client's capabilities
        self.folders: dict[Path, FolderSettings] = {}
        self.contexts: dict[Path, ReplyContext] = {}
        self.results: dict[str, Result] = {}
        self.timers: dict[str, Timer] = {}
        self.last_lint: dict[str, float] = {}
        self.grammar_busy: set[str] = set()
        self.grammar_again: set[str] = set()
        self.shown: set[str] = set()
        self.engines = GrammarEngines(self.loop)
        self.settings_known = False  # the editor's answer to workspace/configuration is in
        self.relint_pending = False
        self.requests.update(
            {
                "initialize": self.on_initialize,
                "textDocument/hover": self.on_hover,
                "textDocument/codeAction": self.on_code_action,
                "textDocument/completion": self.on_completion,
            }
        )
        self.notifications.update(
            {
                "initialized": self.on_initialized,
                "workspace/didChangeConfiguration": self.on_changed_configuration,
                "workspace/didChangeWatchedFiles": self.on_watched_files,
                "textDocument/didOpen": self.on_open,
                "textDocument/didChange": self.on_change,
                "textDocument/didSave": self.on_save,
                "textDocument/didClose": self.on_close,
            }
        )

    # ------------------------------------------------------------------ messages

    def tell(self, message: str, kind: int = ERROR) -> None:
        """One editor message per distinct text (a broken config is not repeated per key)."""
        if message in self.shown:
            return
        self.shown.add(message)
        self.notify("window/showMessage", {"type": kind, "message": message})

    # ------------------------------------------------------------------ settings

    def apply_settings(self, raw: Any, *, initial: bool = False) -> bool:
        """``initializationOptions`` (``initial``), then ``workspace/configuration`` answers
        over them: a key the editor's settings leave out keeps its initial value. Whether
        the settings changed (an editor repeats them: the same ones relint nothing)."""
        raw = _section(raw)
        if initial:
            self.initial = raw
        elif self.initial:
            raw = {**self.initial, **raw}
        settings, warnings = parse_editor_settings(raw)
        for warning in warnings:
            self.tell(warning, WARNING)
        if settings == self.editor:
            return False
        self.editor = settings
        self.forget_files()
        return True

    def pull_settings(self, then: Callable[[], None] | None = None) -> None:
        """Ask the editor for the ``replykit`` section (when it can answer), relint if it
        changed anything, then ``then`` (also if no answer comes within SETTINGS_WAIT)."""
        pending = [then] if then is not None else []

        def go_on() -> None:
            while pending:
                pending.pop()()

        if not dig(self.client, "workspace", "configuration"):
            go_on()
            return

        def answered(result: Any, error: Any) -> None:
            if error is not None:  # the editor's answer is outside our control: keep going
                log.warning("workspace/configuration failed: %s", error)
            elif isinstance(result, list) and result and self.apply_settings(result[0]):
                self.relint_all()
            go_on()

        self.request("workspace/configuration", {"items": [{"section": "replykit"}]}, answered)
        if pending:
            self.loop.call_later(SETTINGS_WAIT, go_on)

    def forget_files(self) -> None:
        """Settings or files changed: config, context and grammar findings are read or
        checked again (Harper's findings for the same text may no longer hold)."""
        self.folders.clear()
        self.contexts.clear()
        self.shown.clear()
        self.forget_grammar()

    def forget_grammar(self) -> None:
        for result in self.results.values():
            result.grammar, result.grammar_text = [], None

    def folder_settings(self, doc: Document) -> FolderSettings:
        folder = doc_folder(doc, self.root)
        cached = self.folders.get(folder)
        if cached is None or cached.is_stale():
            if cached is not None:  # a config or the dictionary changed on disk
                self.forget_grammar()
            cached, errors = load_folder_settings(folder, self.editor, self.root)
            for error in errors:
                self.tell(f"replykit: {error}")
            self.folders[folder] = cached
        return cached

    def reply_context(self, doc: Document) -> ReplyContext:
        path = doc_path(doc, self.root)
        files = context_files(path, self.editor, self.root)
        cached = self.contexts.get(path)
        if cached is None or cached.is_stale(files):
            cached, errors = load_reply_context(path, self.editor, self.root)
            for error in errors:
                self.tell(f"replykit: {error}")
            self.contexts[path] = cached
        return cached

    # ------------------------------------------------------------------ linting

    def schedule(self, uri: str) -> None:
        """Lint now if the document has been quiet for ``debounceMs``, else once the
        window closes (the latest text then); never more than one pending lint."""
        if uri in self.timers:
            return
        wait = (
            self.last_lint.get(uri, float("-inf"))
            + self.editor.debounce_ms / 1000
            - self.loop.time()
        )
        if wait <= 0:
            self.lint(uri)
        else:
            self.timers[uri] = self.loop.call_later(wait, self._fire, uri)

    def _fire(self, uri: str) -> None:
        self.timers.pop(uri, None)
        self.lint(uri)

    def lint_now(self, uri: str) -> None:
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self.lint(uri)

    def lint(self, uri: str) -> None:
        """Lint one document and publish; a reply that cannot be linted (too long, a MIME
        message with no text, ...) gets one diagnostic saying why, never silence."""
        doc = self.docs.get(uri)
        if doc is None:
            return
        self.last_lint[uri] = self.loop.time()
        previous = self.results.get(uri)
        try:
            result, folder, context = self._lint(doc)
        except ReplykitError as exc:  # the file is the document: say the rest
            reason = exc.message + (f" ({exc.hint})" if exc.hint else "")
            at = doc.offset_of_finding(exc.line, exc.column or 1) if exc.line else 0
            result, folder = Result(doc.version, doc.text, [], reason, at), None
        except Exception as exc:  # a bug must not leave the editor showing stale findings
            log.exception("replykit lsp: linting %s failed", uri)
            error = f"replykit could not lint this reply ({type(exc).__name__}: {exc})"
            result, folder = Result(doc.version, doc.text, [], error), None
        if previous is not None and previous.grammar_text == doc.text:
            result.grammar, result.grammar_text = previous.grammar, previous.grammar_text
        self.results[uri] = result
        self.publish(uri)
        if folder is not None:
            self.check_grammar(uri, folder, context)

    def _lint(self, doc: Document) -> tuple[Result, FolderSettings, ReplyContext]:
        from replykit.lint.engine import lint_text
        from replykit.service import finish

        folder = self.folder_settings(doc)
        context = self.reply_context(doc)
        if len(doc.text) > MAX_LIVE:
            error = (
                f"replykit lints replies of up to {MAX_LIVE:,} characters as you type; this "
                f"one has {len(doc.text):,} (run replykit lint on the file)"
            )
            return Result(doc.version, doc.text, [], error), folder, context
        report = lint_text(doc.text, doc_label(doc), folder.lint, names=context.names)
        finish([report], folder.lint)  # hides findings below min_severity
        return Result(doc.version, doc.text, report.findings), folder, context

    def publish(self, uri: str) -> None:
        doc, result = self.docs.get(uri), self.results.get(uri)
        if doc is None or result is None:
            return
        findings = list(result.findings)
        if result.grammar_text == doc.text:
            findings += result.grammar
        diagnostics = [diagnostic(doc, f) for f in findings]
        if result.error is not None:
            diagnostics.insert(
                0,
                {
                    "range": doc.range(result.error_at, result.error_at),
                    "severity": SEVERITY[3],
                    "source": "replykit",
                    "message": result.error,
                },
            )
        self.notify(
            "textDocument/publishDiagnostics",
            {"uri": uri, "version": result.version, "diagnostics": diagnostics},
        )

    def check_grammar(self, uri: str, folder: FolderSettings, context: ReplyContext) -> None:
        """Grammar off the loop's thread; published only if the text is still the same."""
        from replykit.lsp.grammar import chosen_engine

        if not self.settings_known:
            return  # settings_arrived runs it
        grammar = folder.grammar
        engine = self.editor.grammar or (chosen_engine(grammar) if grammar else "off")
        if engine == "off" or grammar is None:
            return
        if engine == "harper" and (not self.engines.loaded or self.engines.error):
            self.start_harper()
            if self.engines.error and "harper" in (grammar.engine, self.editor.grammar):
                self.tell(f"replykit: grammar is off: {self.engines.error}")
            return  # still loading: grammar_for_all runs once it is in
        if uri in self.grammar_busy:
            self.grammar_again.add(uri)
            return
        doc, result = self.docs[uri], self.results[uri]
        if result.grammar_text == doc.text or result.error is not None:
            return
        self.grammar_busy.add(uri)
        text, names, tone, config = doc.text, context.names, folder.lint.tone, folder.config
        label, findings = doc_label(doc), list(result.findings)

        def work() -> list[Finding]:
            from replykit.lsp import grammar as engines

            if engine == "harper":
                run = self.engines.run
                return run.findings(text, label, findings, grammar, config, names, tone)
            from replykit.models import FileReport

            report = FileReport(label, findings, text=text)
            return engines.languagetool_findings(report, grammar, config, names, tone)

        def done(found: list[Finding] | None, error: Exception | None) -> None:
            self.grammar_busy.discard(uri)
            current = self.results.get(uri)
            if error is not None:
                log.warning("grammar failed: %s", error)
            elif current is not None and current.text == text and found is not None:
                current.grammar, current.grammar_text = found, text
                self.publish(uri)
            if uri in self.grammar_again and uri in self.docs:
                self.grammar_again.discard(uri)
                doc = self.docs[uri]
                self.check_grammar(uri, self.folder_settings(doc), self.reply_context(doc))

        worker = self.engines.harper if engine == "harper" else self.engines.languagetool
        worker.submit(work, done)

    def start_harper(self) -> None:
        """Load Harper in the background once; then grammar for the open replies."""
        self.engines.start(self.grammar_for_all)

    def grammar_for_all(self) -> None:
        """Once settings are in or Harper is loaded: grammar for every open reply (the
        lints came first)."""
        for uri, doc in list(self.docs.items()):
            if uri in self.results:
                self.check_grammar(uri, self.folder_settings(doc), self.reply_context(doc))

    def relint_all(self) -> None:
        """Every open reply again, once the messages already in have been read: a burst
        of file events or settings pushes costs one relint, not one each."""
        if not self.relint_pending:
            self.relint_pending = True
            self.loop.call_soon_threadsafe(self._relint_all)

    def _relint_all(self) -> None:
        self.relint_pending = False
        for uri in list(self.docs):
            self.lint_now(uri)

    # ------------------------------------------------------------------ life cycle

    def on_initialize(self, params: dict[str, Any]) -> dict[str, Any]:
        self.client = dig(params, "capabilities") or {}
        self.encoding = choose_encoding(self.client)
        folders = params.get("workspaceFolders") or []
        root_uri = dig(folders[0], "uri") if folders else params.get("rootUri")
        root_path = params.get("rootPath")
        if isinstance(root_uri, str) and root_uri.startswith("file:"):
            root_path = uri_to_path(root_uri)
        if isinstance(root_path, str) and root_path and usable_path(root_path):
            self.root = Path(root_path)
        self.apply_settings(params.get("initializationOptions"), initial=True)
        return {
            "capabilities": capabilities(self.encoding),
            "serverInfo": {"name": "replykit", "version": __version__},
        }

    def on_initialized(self, params: Any) -> None:
        # Harper starts loading once the editor has its answer to initialize, not while
        # the answer is being written: the loading thread's imports took the GIL from it
        # (12 starts each on 2 busy cores: median 489 ms with Harper wanted, 470 ms with
        # grammar off; after this change 488 and 448, the fastest start 355 and 351 ms).
        # And once the editor's settings are in: an editor that sends them only when
        # asked (VS Code) may say ``grammar = "off"`` there.
        self.pull_settings(then=self.settings_arrived)

    def settings_arrived(self) -> None:
        """The editor's settings are in: grammar may start (Harper loading in the
        background if it may be wanted), for the replies opened meanwhile too."""
        self.settings_known = True
        if self.editor.grammar not in ("off", "languagetool"):
            self.start_harper()
        self.grammar_for_all()

    def on_changed_configuration(self, params: dict[str, Any]) -> None:
        pushed = params.get("settings")
        if isinstance(pushed, dict) and pushed.get("replykit") is not None:
            if self.apply_settings(pushed):
                self.relint_all()
        else:
            self.pull_settings()

    def on_watched_files(self, params: Any) -> None:
        self.forget_files()
        self.relint_all()

    # ------------------------------------------------------------------ documents

    def on_open(self, params: dict[str, Any]) -> None:
        item = params["textDocument"]
        uri, text, version = _string(item["uri"]), _string(item["text"]), _version(item)
        self.docs[uri] = Document(uri, text, version, self.encoding)
        self.lint_now(uri)

    def on_change(self, params: dict[str, Any]) -> None:
        """Every change is checked before any is applied: a bad one leaves the text as
        it was, not half edited."""
        doc = self.docs.get(params["textDocument"]["uri"])
        if doc is None:
            return
        version = _version(params["textDocument"])
        changes = []
        for change in _list(params["contentChanges"]):
            where = change.get("range")
            if where is None:
                changes.append((_string(change["text"]), None, None))
            else:
                start, end = _point(where["start"]), _point(where["end"])
                changes.append((_string(change["text"]), start, end))
        for text, start, end in changes:
            doc.apply_change(text, start, end)
        doc.version = version
        self.schedule(doc.uri)

    def on_save(self, params: dict[str, Any]) -> None:
        uri = _string(params["textDocument"]["uri"])
        if uri.endswith((".toml", ".json")):  # a config or context file: read them again
            self.forget_files()
            self.relint_all()
        elif uri in self.docs:
            self.lint_now(uri)

    def on_close(self, params: dict[str, Any]) -> None:
        uri = _string(params["textDocument"]["uri"])
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        for state in (self.docs, self.results, self.last_lint):
            state.pop(uri, None)
        self.grammar_again.discard(uri)
        self.notify("textDocument/publishDiagnostics", {"uri": uri, "diagnostics": []})

    # ------------------------------------------------------------------ features

    def fresh_result(self, doc: Document) -> Result:
        """The lint of the text as it is now: a lint still waiting for the debounce
        window runs first."""
        result = self.results.get(doc.uri)
        if result is None or result.text != doc.text:
            self.lint_now(doc.uri)
            result = self.results[doc.uri]
        return result

    def on_hover(self, params: dict[str, Any]) -> dict[str, Any] | None:
        doc = self.docs.get(params["textDocument"]["uri"])
        if doc is None:
            return None
        result = self.fresh_result(doc)
        offset = doc.offset(*_point(params["position"]))
        rules: list[str] = []
        for finding in result.findings + result.grammar:
            start, end = finding_span(doc, finding)
            if start <= offset <= end and finding.rule not in rules:
                rules.append(finding.rule)
        if not rules:
            return None
        formats = dig(self.client, "textDocument", "hover", "contentFormat")
        markdown = isinstance(formats, list) and "markdown" in formats
        return {
            "contents": {
                "kind": "markdown" if markdown else "plaintext",
                "value": "\n\n---\n\n".join(rule_help(r, markdown) for r in rules),
            }
        }

    def on_code_action(self, params: dict[str, Any]) -> list[dict[str, Any]] | None:
        from replykit.lsp.actions import code_actions

        doc = self.docs.get(params["textDocument"]["uri"])
        if doc is None:
            return None
        result = self.fresh_result(doc)
        if result.error is not None:
            return []
        folder, context = self.folder_settings(doc), self.reply_context(doc)
        where = params["range"]
        only = dig(params, "context", "only")
        only = _list(only) if only is not None else None
        return code_actions(
            doc,
            (_point(where["start"]), _point(where["end"])),
            [str(kind) for kind in only] if only else None,
            dig(params, "context", "triggerKind") == AUTOMATIC,
            folder,
            context,
            result.findings,
            doc_label(doc),
        )

    def on_completion(self, params: dict[str, Any]) -> dict[str, Any] | None:
        from replykit.lsp.actions import completion_list

        doc = self.docs.get(params["textDocument"]["uri"])
        if doc is None:
            return None
        folder = self.folder_settings(doc)
        # The library is read again each time ";" is typed (a snippet added or edited
        # since shows up), and kept while the id after it is typed (about 3 ms to open).
        if folder.library is None or dig(params, "context", "triggerKind") == TRIGGER_CHARACTER:
            from replykit.service import open_library

            try:
                folder.library = open_library(None, folder.config)
            except ReplykitError as exc:
                self.tell(f"replykit: {exc.render()}")
                return None
        snippets_ok = bool(
            dig(self.client, "textDocument", "completion", "completionItem", "snippetSupport")
        )
        return completion_list(
            doc,
            _point(params["position"]),
            folder,
            self.reply_context(doc),
            snippets_supported=snippets_ok,
        )


# ---------------------------------------------------------------------- conversions


def _invalid(what: str, value: Any) -> RpcError:
    return RpcError(INVALID_PARAMS, f"{what}, not {value!r}"[:300])


def _point(position: Any) -> tuple[int, int]:
    """An LSP position as (line, character): two integers >= 0 (``uinteger``)."""
    line, character = position["line"], position["character"]
    for value in (line, character):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _invalid("a position is two integers >= 0", position)
    return line, character


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise _invalid("expected a string", value)
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _invalid("expected a list", value)
    return value


def _version(document: dict[str, Any]) -> int | None:
    version = document.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise _invalid("a document version is an integer", version)
    return version


def _section(raw: Any) -> dict[str, Any]:
    """The ``replykit`` table, whether sent alone or inside the editor's whole settings."""
    if isinstance(raw, dict) and isinstance(raw.get("replykit"), dict):
        return raw["replykit"]
    return raw if isinstance(raw, dict) else {}


def uri_to_path(uri: str) -> str:
    """A ``file:`` URI as a local path (percent-escapes decoded; a host means a UNC path,
    a drive letter a Windows path)."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(uri)
    path = unquote(parts.path)
    if parts.netloc and parts.netloc != "localhost":
        path = f"//{parts.netloc}{path}"
    if sys.platform == "win32" and len(path) > 2 and path[0] == "/" and path[2] == ":":
        path = path[1:]
    return path


def file_path(uri: str) -> Path | None:
    """The file a ``file:`` URI names; None for other URIs and for one that names no
    file (no file name, a NUL or a lone surrogate in it)."""
    if not uri.startswith("file:"):
        return None
    path = uri_to_path(uri)
    return Path(path) if usable_path(path) and Path(path).name else None


def usable_path(path: str) -> bool:
    """A path the file system can take: no NUL, no lone surrogate."""
    try:
        return "\0" not in path and bool(os.fsencode(path))
    except UnicodeEncodeError:
        return False


def doc_path(doc: Document, root: Path | None) -> Path:
    """The reply's file, else an untitled reply in the workspace."""
    return file_path(doc.uri) or (root or Path.cwd()) / "untitled.txt"


def doc_folder(doc: Document, root: Path | None) -> Path:
    return doc_path(doc, root).parent


def doc_label(doc: Document) -> str:
    """The reply's name in findings: its path, else its URI."""
    path = file_path(doc.uri)
    return str(path) if path is not None else doc.uri


def finding_span(doc: Document, finding: Finding) -> tuple[int, int]:
    start = doc.offset_of_finding(finding.line, finding.column)
    end = doc.offset_of_finding(finding.end_line, finding.end_column)
    return start, max(start, end)


def diagnostic(doc: Document, finding: Finding) -> dict[str, Any]:
    start, end = finding_span(doc, finding)
    message = finding.message
    if finding.suggestion:
        message += f" (suggestion: {finding.suggestion})"
    return {
        "range": doc.range(start, end),
        "severity": SEVERITY[int(finding.severity)],
        "code": finding.code,
        "source": "replykit",
        "message": message,
        "data": {"rule": finding.rule, "origin": finding.origin},
    }


def rule_help(rule: str, markdown: bool) -> str:
    """A rule's catalogue entry (as ``replykit rules`` prints it) for hover text."""
    from replykit.service import rules_catalogue

    entry = next((r for r in rules_catalogue() if r["name"] == rule), None)
    if entry is None:
        return rule
    if not markdown:
        return (
            f"{entry['name']} ({entry['code']}, {entry['severity']})\n\n{entry['summary']}\n\n"
            f"Bad:\n{entry['bad']}\n\nGood:\n{entry['good']}"
        )
    return (
        f"**{entry['name']}** · `{entry['code']}` · {entry['severity']}\n\n{entry['summary']}\n\n"
        f"Bad:\n```text\n{entry['bad']}\n```\nGood:\n```text\n{entry['good']}\n```"
    )


# ---------------------------------------------------------------------- the server


def serve() -> int:
    """Serve over stdin and stdout until the editor says exit; the exit code the
    protocol asks for (0 after ``shutdown``, else 1)."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    server = ReplykitServer(stdio_connection(Loop()))
    try:
        return server.serve()
    finally:
        server.engines.stop()

"""``replykit lsp``: a language server over stdio (pygls), one warm process per editor.

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
word lists and rules, through ``replykit.lint`` and ``replykit.service`` in process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path

from replykit import __version__
from replykit.errors import ReplykitError
from replykit.lsp.document import UTF8, UTF16, Document
from replykit.lsp.grammar import GrammarEngines
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
    from collections.abc import Generator

    from replykit.models import Finding

log = logging.getLogger(__name__)

SEVERITY = {
    3: types.DiagnosticSeverity.Error,
    2: types.DiagnosticSeverity.Warning,
    1: types.DiagnosticSeverity.Information,
}


class Protocol(LanguageServerProtocol):
    """pygls's protocol, choosing UTF-8 whenever the client offers it (pygls takes the
    client's first choice): columns then need no counting at all for ASCII lines and
    match what terminal editors count."""

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(
        self, params: types.InitializeParams
    ) -> Generator[Any, Any, types.InitializeResult]:
        general = params.capabilities.general
        if general is not None and general.position_encodings:
            offered = [getattr(e, "value", e) for e in general.position_encodings]
            chosen = UTF8 if UTF8 in offered else UTF16
            general.position_encodings = [types.PositionEncodingKind(chosen)]
        return (yield from super().lsp_initialize(params))


@dataclass(slots=True)
class Result:
    """The last lint of one document: for publishing again, hover and code actions."""

    version: int | None
    text: str
    findings: list[Finding]
    grammar: list[Finding] = field(default_factory=list)
    grammar_text: str | None = None  # the text the grammar findings are about


class ReplykitServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("replykit", __version__, protocol_cls=Protocol)
        self.docs: dict[str, Document] = {}
        self.editor = EditorSettings()
        self.initial: dict[str, Any] = {}
        self.root: Path | None = None
        self.folders: dict[Path, FolderSettings] = {}
        self.contexts: dict[Path, ReplyContext] = {}
        self.results: dict[str, Result] = {}
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.last_lint: dict[str, float] = {}
        self.grammar_busy: set[str] = set()
        self.grammar_again: set[str] = set()
        self.shown: set[str] = set()
        self.engines = GrammarEngines()
        self.loop: asyncio.AbstractEventLoop | None = None

    # ------------------------------------------------------------------ messages

    def tell(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        """One editor message per distinct text (a broken config is not repeated per key)."""
        if message in self.shown:
            return
        self.shown.add(message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    # ------------------------------------------------------------------ settings

    def apply_settings(self, raw: Any, *, initial: bool = False) -> None:
        """``initializationOptions`` (``initial``), then ``workspace/configuration`` answers
        over them: a key the editor's settings leave out keeps its initial value."""
        raw = _section(raw)
        if initial:
            self.initial = raw
        elif self.initial:
            raw = {**self.initial, **raw}
        settings, warnings = parse_editor_settings(raw)
        for warning in warnings:
            self.tell(warning, types.MessageType.Warning)
        self.editor = settings
        self.forget_files()

    def forget_files(self) -> None:
        self.folders.clear()
        self.contexts.clear()
        self.shown.clear()

    def folder_settings(self, doc: Document) -> FolderSettings:
        folder = doc_folder(doc, self.root)
        cached = self.folders.get(folder)
        if cached is None or cached.is_stale():
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
        loop = asyncio.get_running_loop()
        wait = self.last_lint.get(uri, float("-inf")) + self.editor.debounce_ms / 1000 - loop.time()
        if wait <= 0:
            self.lint(uri)
        else:
            self.timers[uri] = loop.call_later(wait, self._fire, uri)

    def _fire(self, uri: str) -> None:
        self.timers.pop(uri, None)
        self.lint(uri)

    def lint_now(self, uri: str) -> None:
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self.lint(uri)

    def lint(self, uri: str) -> None:
        from replykit.lint.engine import lint_text
        from replykit.service import finish

        doc = self.docs.get(uri)
        if doc is None:
            return
        with contextlib.suppress(RuntimeError):
            self.last_lint[uri] = asyncio.get_running_loop().time()
        folder = self.folder_settings(doc)
        context = self.reply_context(doc)
        report = lint_text(doc.text, doc_label(doc), folder.lint, names=context.names)
        finish([report], folder.lint)  # hides findings below min_severity
        previous = self.results.get(uri)
        result = Result(doc.version, doc.text, report.findings)
        if previous is not None and previous.grammar_text == doc.text:
            result.grammar, result.grammar_text = previous.grammar, previous.grammar_text
        self.results[uri] = result
        self.publish(uri)
        self.check_grammar(uri, folder, context)

    def publish(self, uri: str) -> None:
        doc, result = self.docs.get(uri), self.results.get(uri)
        if doc is None or result is None:
            return
        findings = list(result.findings)
        if result.grammar_text == doc.text:
            findings += result.grammar
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri,
                version=result.version,
                diagnostics=[diagnostic(doc, f) for f in findings],
            )
        )

    def check_grammar(self, uri: str, folder: FolderSettings, context: ReplyContext) -> None:
        """Grammar off the event loop; published only if the text is still the same."""
        from replykit.lsp.grammar import chosen_engine

        grammar = folder.grammar
        engine = self.editor.grammar or (chosen_engine(grammar) if grammar else "off")
        if engine == "off" or grammar is None:
            return
        if engine == "harper" and (not self.engines.ready.is_set() or self.engines.error):
            self.start_harper()
            if self.engines.error and "harper" in (grammar.engine, self.editor.grammar):
                self.tell(f"replykit: grammar is off: {self.engines.error}")
            return  # still loading: grammar_for_all runs once it is in
        if uri in self.grammar_busy:
            self.grammar_again.add(uri)
            return
        doc, result = self.docs[uri], self.results[uri]
        if result.grammar_text == doc.text:
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

        def done(future: asyncio.Future[list[Finding]]) -> None:
            self.grammar_busy.discard(uri)
            current = self.results.get(uri)
            if future.exception() is not None:
                log.warning("grammar failed: %s", future.exception())
            elif current is not None and current.text == text:
                current.grammar, current.grammar_text = future.result(), text
                self.publish(uri)
            if uri in self.grammar_again and uri in self.docs:
                self.grammar_again.discard(uri)
                doc = self.docs[uri]
                self.check_grammar(uri, self.folder_settings(doc), self.reply_context(doc))

        pool = self.engines.harper if engine == "harper" else self.thread_pool
        future = asyncio.get_running_loop().run_in_executor(pool, work)
        future.add_done_callback(done)

    def start_harper(self) -> None:
        """Load Harper in the background once; then grammar for the open replies."""

        def loaded() -> None:
            if self.loop is not None and not self.loop.is_closed():
                self.loop.call_soon_threadsafe(self.grammar_for_all)

        self.engines.start(loaded)

    def grammar_for_all(self) -> None:
        """Once Harper is loaded: grammar for every open reply (the lints came first)."""
        for uri, doc in list(self.docs.items()):
            if uri in self.results:
                self.check_grammar(uri, self.folder_settings(doc), self.reply_context(doc))

    def relint_all(self) -> None:
        for uri in list(self.docs):
            self.lint_now(uri)


# ---------------------------------------------------------------------- conversions


def _section(raw: Any) -> dict[str, Any]:
    """The ``replykit`` table, whether sent alone or inside the editor's whole settings."""
    if isinstance(raw, dict) and isinstance(raw.get("replykit"), dict):
        return raw["replykit"]
    return raw if isinstance(raw, dict) else {}


def doc_path(doc: Document, root: Path | None) -> Path:
    path = to_fs_path(doc.uri) if doc.uri.startswith("file:") else None
    return Path(path) if path else (root or Path.cwd()) / "untitled.txt"


def doc_folder(doc: Document, root: Path | None) -> Path:
    return doc_path(doc, root).parent


def doc_label(doc: Document) -> str:
    path = to_fs_path(doc.uri) if doc.uri.startswith("file:") else None
    return path or doc.uri


def lsp_range(doc: Document, start: int, end: int) -> types.Range:
    (sl, sc), (el, ec) = doc.position(start), doc.position(end)
    return types.Range(types.Position(sl, sc), types.Position(el, ec))


def finding_span(doc: Document, finding: Finding) -> tuple[int, int]:
    start = doc.offset_of_finding(finding.line, finding.column)
    end = doc.offset_of_finding(finding.end_line, finding.end_column)
    return start, max(start, end)


def diagnostic(doc: Document, finding: Finding) -> types.Diagnostic:
    start, end = finding_span(doc, finding)
    message = finding.message
    if finding.suggestion:
        message += f" (suggestion: {finding.suggestion})"
    return types.Diagnostic(
        range=lsp_range(doc, start, end),
        message=message,
        severity=SEVERITY[int(finding.severity)],
        code=finding.code,
        source="replykit",
        data={"rule": finding.rule, "origin": finding.origin},
    )


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


def make_server() -> ReplykitServer:
    server = ReplykitServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: ReplykitServer, params: types.InitializeParams) -> None:
        folders = params.workspace_folders or []
        root_uri = folders[0].uri if folders else params.root_uri
        if root_uri and root_uri.startswith("file:"):
            root = to_fs_path(root_uri)
            ls.root = Path(root) if root else None
        elif params.root_path:
            ls.root = Path(params.root_path)
        ls.apply_settings(params.initialization_options, initial=True)
        ls.loop = asyncio.get_running_loop()

    @server.feature(types.INITIALIZED)
    async def initialized(ls: ReplykitServer, params: types.InitializedParams) -> None:
        # Harper starts loading once the editor has its answer to initialize, not while
        # the answer is being written: the loading thread's imports took the GIL from it
        # (12 starts each on 2 busy cores: median 489 ms with Harper wanted, 470 ms with
        # grammar off; after this change 488 and 448, the fastest start 355 and 351 ms).
        if ls.editor.grammar not in ("off", "languagetool"):  # Harper may be wanted
            ls.start_harper()
        await pull_settings(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def changed_configuration(
        ls: ReplykitServer, params: types.DidChangeConfigurationParams
    ) -> None:
        pushed = params.settings
        if isinstance(pushed, dict) and pushed.get("replykit") is not None:
            ls.apply_settings(pushed)
        else:
            await pull_settings(ls)
        ls.relint_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: ReplykitServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.forget_files()
        ls.relint_all()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ReplykitServer, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        chosen = ls.workspace.position_encoding or UTF16
        encoding = str(getattr(chosen, "value", chosen))
        ls.docs[item.uri] = Document(item.uri, item.text, item.version, encoding)
        ls.lint_now(item.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ReplykitServer, params: types.DidChangeTextDocumentParams) -> None:
        doc = ls.docs.get(params.text_document.uri)
        if doc is None:
            return
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                start, end = change.range.start, change.range.end
                doc.apply_change(
                    change.text, (start.line, start.character), (end.line, end.character)
                )
            else:
                doc.apply_change(change.text, None, None)
        doc.version = params.text_document.version
        ls.schedule(doc.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: ReplykitServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri.endswith((".toml", ".json")):  # a config or context file: read them again
            ls.forget_files()
            ls.relint_all()
        elif uri in ls.docs:
            ls.lint_now(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ReplykitServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        timer = ls.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        ls.docs.pop(uri, None)
        ls.results.pop(uri, None)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: ReplykitServer, params: types.HoverParams) -> types.Hover | None:
        doc, result = ls.docs.get(params.text_document.uri), None
        if doc is not None:
            result = ls.results.get(doc.uri)
        if doc is None or result is None or result.text != doc.text:
            return None
        offset = doc.offset(params.position.line, params.position.character)
        rules = []
        for finding in result.findings + result.grammar:
            start, end = finding_span(doc, finding)
            if start <= offset <= end and finding.rule not in rules:
                rules.append(finding.rule)
        if not rules:
            return None
        formats = (
            ls.client_capabilities.text_document
            and ls.client_capabilities.text_document.hover
            and ls.client_capabilities.text_document.hover.content_format
        ) or []
        markdown = types.MarkupKind.Markdown in formats
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText,
                value="\n\n---\n\n".join(rule_help(r, markdown) for r in rules),
            )
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll],
        ),
    )
    def code_action(
        ls: ReplykitServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        from replykit.lsp.actions import code_actions

        doc = ls.docs.get(params.text_document.uri)
        if doc is None:
            return None
        folder, context = ls.folder_settings(doc), ls.reply_context(doc)
        result = ls.results.get(doc.uri)
        if result is None or result.text != doc.text:
            ls.lint_now(doc.uri)
            result = ls.results[doc.uri]
        return code_actions(doc, params, folder, context, result.findings, doc_label(doc))

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=[";"], resolve_provider=False),
    )
    def completion(
        ls: ReplykitServer, params: types.CompletionParams
    ) -> types.CompletionList | None:
        from replykit.lsp.actions import completion_list

        doc = ls.docs.get(params.text_document.uri)
        if doc is None:
            return None
        folder = ls.folder_settings(doc)
        if folder.library is None:
            from replykit.service import open_library

            try:
                folder.library = open_library(None, folder.config)
            except ReplykitError as exc:
                ls.tell(f"replykit: {exc.render()}")
                return None
        caps = ls.client_capabilities.text_document
        snippets_ok = bool(
            caps
            and caps.completion
            and caps.completion.completion_item
            and caps.completion.completion_item.snippet_support
        )
        return completion_list(
            doc, params.position, folder, ls.reply_context(doc), snippets_supported=snippets_ok
        )

    return server


async def pull_settings(ls: ReplykitServer) -> None:
    """Ask the editor for the ``replykit`` section (when it can answer), then relint."""
    workspace = ls.client_capabilities.workspace
    if not (workspace and workspace.configuration):
        return
    try:
        answer = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section="replykit")])
        )
    except Exception as exc:  # the editor's answer is outside our control: keep going
        log.warning("workspace/configuration failed: %s", exc)
        return
    if answer and answer[0] is not None:
        ls.apply_settings(answer[0])
        ls.relint_all()


def serve() -> None:
    """Serve over stdin and stdout until the editor says exit."""
    logging.basicConfig(level=logging.WARNING)
    make_server().start_io()

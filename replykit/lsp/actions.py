"""Code actions and completion items, built from the linter's own fixes and snippets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from replykit.text.directives import DIRECTIVE, file_directive, line_directive

if TYPE_CHECKING:
    from replykit.lsp.document import Document
    from replykit.lsp.settings import FolderSettings, ReplyContext
    from replykit.models import Finding

QUICK_FIX = "quickfix"
FIX_ALL_KIND = "source.fixAll.replykit"
SNIPPET_KIND = 15  # CompletionItemKind.Snippet
PLAIN_TEXT, SNIPPET = 1, 2  # InsertTextFormat

Edit = dict[str, Any]  # an LSP TextEdit


def text_edit(doc: Document, start: int, end: int, new: str) -> Edit:
    return {"range": doc.range(start, end), "newText": new}


def _edit(doc: Document, edits: list[Edit]) -> dict[str, Any]:
    return {"changes": {doc.uri: edits}}


def _wanted(kind: str, only: list[str] | None) -> bool:
    return not only or any(kind == o or kind.startswith(o + ".") for o in only)


def _fix_title(old: str, new: str, rule: str) -> str:
    shown = old.replace("\n", "\\n")
    if not new:
        return f"Remove '{shown}' ({rule})"
    if not new.strip():
        return f"Replace '{shown}' with one space ({rule})"
    return f"Replace '{shown}' with '{new}' ({rule})"


def _line_end(doc: Document, offset: int) -> tuple[int, str]:
    """The offset where the LSP line holding ``offset`` ends, and that line's text."""
    line, _ = doc.position(offset)
    start = doc.lsp_starts[line]
    end = doc.lsp_starts[line + 1] if line + 1 < len(doc.lsp_starts) else len(doc.text)
    text = doc.text[start:end].rstrip("\r\n")
    return start + len(text), text


def disable_on_line(doc: Document, offset: int, rule: str) -> Edit:
    """Add ``rule`` to the line's ``disable-line`` comment, or end the line with one."""
    end, text = _line_end(doc, offset)
    start = end - len(text)
    for match in DIRECTIVE.finditer(text):
        if match.group(1) == "disable-line":
            rules = [r.strip() for r in match.group(2).split(",") if r.strip()]
            new = line_directive([*rules, rule])
            return text_edit(doc, start + match.start(), start + match.end(), new)
    gap = "" if not text or text.endswith((" ", "\t")) else " "
    return text_edit(doc, end, end, gap + line_directive([rule]))


def disable_in_file(doc: Document, body_start: int, rule: str) -> Edit:
    """Add ``rule`` to the file's ``disable`` comment, or add one on a last line of its own."""
    for match in DIRECTIVE.finditer(doc.text, body_start):
        if match.group(1) == "disable":
            rules = [r.strip() for r in match.group(2).split(",") if r.strip()]
            return text_edit(doc, *match.span(), file_directive([*rules, rule]))
    newline = "\r\n" if "\r\n" in doc.text else "\r" if "\r" in doc.text else "\n"
    end = len(doc.text)
    lead = "" if not doc.text or doc.text.endswith(("\n", "\r")) else newline
    return text_edit(doc, end, end, lead + file_directive([rule]) + newline)


def code_actions(
    doc: Document,
    where: tuple[tuple[int, int], tuple[int, int]],
    only: list[str] | None,
    automatic: bool,
    folder: FolderSettings,
    context: ReplyContext,
    findings: list[Finding],
    label: str,
) -> list[dict[str, Any]]:
    """Quick fixes for the certain fixes in range ``where`` (two LSP positions), "disable"
    for each finding in range, and one action applying every certain fix; ``only`` is
    the client's filter of kinds, ``automatic`` the editor asking on its own (a cursor
    move), not the user."""
    from replykit.lint.fix import fix_hits, fixes_for
    from replykit.lsp.server import diagnostic, finding_span
    from replykit.text.reply import parse_reply

    start, end = doc.offset(*where[0]), doc.offset(*where[1])
    spans = [(f, *finding_span(doc, f)) for f in findings]
    if automatic and not only and not any(s <= end and e >= start for _, s, e in spans):
        return []  # a cursor move where nothing is found: no need to read the reply again
    reply = parse_reply(
        doc.text,
        label,
        customer_names=context.names,
        tone=folder.lint.tone,
        lexicon=folder.lint.lexicon,
    )
    actions: list[dict[str, Any]] = []
    if _wanted(QUICK_FIX, only) and not reply.decoded:
        for rule, hit in fix_hits(reply, folder.lint):
            if hit.start > end or hit.end < start or hit.fix is None:
                continue
            matching = [
                diagnostic(doc, f) for f, s, e in spans if f.rule == rule and (s, e) == hit[:2]
            ]
            action = {
                "title": _fix_title(doc.text[hit.start : hit.end], hit.fix, rule),
                "kind": QUICK_FIX,
                "isPreferred": True,
                "edit": _edit(doc, [text_edit(doc, hit.start, hit.end, hit.fix)]),
            }
            if matching:
                action["diagnostics"] = matching
            actions.append(action)
        offered: set[tuple[str, str]] = set()
        for finding, s, e in spans:
            if s > end or e < start or finding.origin != "replykit":
                continue
            here = [diagnostic(doc, finding)]
            if s >= reply.body_start and ("line", finding.rule) not in offered:
                offered.add(("line", finding.rule))
                actions.append(
                    {
                        "title": f"Disable {finding.rule} on this line",
                        "kind": QUICK_FIX,
                        "diagnostics": here,
                        "edit": _edit(doc, [disable_on_line(doc, s, finding.rule)]),
                    }
                )
            if ("file", finding.rule) not in offered:
                offered.add(("file", finding.rule))
                actions.append(
                    {
                        "title": f"Disable {finding.rule} in this file",
                        "kind": QUICK_FIX,
                        "diagnostics": here,
                        "edit": _edit(doc, [disable_in_file(doc, reply.body_start, finding.rule)]),
                    }
                )
    # Fix-all edits the whole reply: built when asked for, or on an explicit request,
    # not for the requests an editor sends on every cursor move (triggerKind Automatic).
    if (only or not automatic) and _wanted(FIX_ALL_KIND, only) and not reply.decoded:
        edits = fixes_for(reply, folder.lint)
        if edits:
            actions.append(
                {
                    "title": f"Fix all certain problems ({len(edits)})",
                    "kind": FIX_ALL_KIND,
                    "edit": _edit(doc, [text_edit(doc, s, e, new) for s, e, new in edits]),
                }
            )
    return actions


def completion_list(
    doc: Document,
    position: tuple[int, int],
    folder: FolderSettings,
    context: ReplyContext,
    *,
    snippets_supported: bool,
) -> dict[str, Any] | None:
    """Snippet ids after ``;`` at a line's start (``position``: LSP line and character);
    each inserts the rendered reply."""
    from replykit.lsp.completion import snippet_items, trigger_query

    line = max(0, min(position[0], len(doc.lsp_starts) - 1))
    cursor = doc.offset(line, position[1])
    line_start = doc.lsp_starts[line]
    before = doc.text[line_start:cursor]
    query = trigger_query(before)
    if query is None or folder.library is None:
        return None
    trigger = line_start + before.index(";")
    line_end, _ = _line_end(doc, cursor)
    rest = doc.text[:line_start] + doc.text[line_end:]  # an empty reply gets the subject too
    items = snippet_items(
        folder.library,
        folder.config,
        context.values,
        query,
        with_subject=not rest.strip(),
        snippets_supported=snippets_supported,
    )
    return {
        "isIncomplete": False,
        "items": [
            {
                "label": item.id,
                "kind": SNIPPET_KIND,
                "detail": item.title,
                "documentation": {
                    "kind": "plaintext",
                    "value": (item.description + "\n\n" if item.description else "")
                    + ("To fill in: " + ", ".join(item.missing) + "\n\n" if item.missing else ""),
                },
                "filterText": ";" + item.id,
                "sortText": item.id,
                "insertTextFormat": SNIPPET if item.is_snippet else PLAIN_TEXT,
                "textEdit": text_edit(doc, trigger, cursor, item.text),
            }
            for item in items
        ],
    }

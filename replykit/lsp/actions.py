"""Code actions and completion items, built from the linter's own fixes and snippets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from replykit.text.directives import DIRECTIVE, file_directive, line_directive

if TYPE_CHECKING:
    from replykit.lsp.document import Document
    from replykit.lsp.settings import FolderSettings, ReplyContext
    from replykit.models import Finding

FIX_ALL_KIND = "source.fixAll.replykit"


def _range(doc: Document, start: int, end: int) -> types.Range:
    (sl, sc), (el, ec) = doc.position(start), doc.position(end)
    return types.Range(types.Position(sl, sc), types.Position(el, ec))


def _edit(doc: Document, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={doc.uri: edits})


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


def disable_on_line(doc: Document, offset: int, rule: str) -> types.TextEdit:
    """Add ``rule`` to the line's ``disable-line`` comment, or end the line with one."""
    end, text = _line_end(doc, offset)
    start = end - len(text)
    for match in DIRECTIVE.finditer(text):
        if match.group(1) == "disable-line":
            rules = [r.strip() for r in match.group(2).split(",") if r.strip()]
            new = line_directive([*rules, rule])
            return types.TextEdit(_range(doc, start + match.start(), start + match.end()), new)
    gap = "" if not text or text.endswith((" ", "\t")) else " "
    return types.TextEdit(_range(doc, end, end), gap + line_directive([rule]))


def disable_in_file(doc: Document, body_start: int, rule: str) -> types.TextEdit:
    """Add ``rule`` to the file's ``disable`` comment, or add one on a last line of its own."""
    for match in DIRECTIVE.finditer(doc.text, body_start):
        if match.group(1) == "disable":
            rules = [r.strip() for r in match.group(2).split(",") if r.strip()]
            return types.TextEdit(_range(doc, *match.span()), file_directive([*rules, rule]))
    newline = "\r\n" if "\r\n" in doc.text else "\n"
    end = len(doc.text)
    lead = "" if not doc.text or doc.text.endswith(("\n", "\r")) else newline
    return types.TextEdit(_range(doc, end, end), lead + file_directive([rule]) + newline)


def code_actions(
    doc: Document,
    params: types.CodeActionParams,
    folder: FolderSettings,
    context: ReplyContext,
    findings: list[Finding],
    label: str,
) -> list[types.CodeAction]:
    """Quick fixes for the certain fixes in range, "disable" for each finding in range,
    and one action applying every certain fix."""
    from replykit.lint.fix import fix_hits, fixes_for
    from replykit.lsp.server import diagnostic, finding_span
    from replykit.text.reply import parse_reply

    only = [str(k) for k in params.context.only] if params.context.only else None
    start = doc.offset(params.range.start.line, params.range.start.character)
    end = doc.offset(params.range.end.line, params.range.end.character)
    reply = parse_reply(
        doc.text,
        label,
        customer_names=context.names,
        tone=folder.lint.tone,
        lexicon=folder.lint.lexicon,
    )
    actions: list[types.CodeAction] = []
    spans = [(f, *finding_span(doc, f)) for f in findings]
    if _wanted(types.CodeActionKind.QuickFix, only) and not reply.decoded:
        for rule, hit in fix_hits(reply, folder.lint):
            if hit.start > end or hit.end < start or hit.fix is None:
                continue
            matching = [
                diagnostic(doc, f) for f, s, e in spans if f.rule == rule and (s, e) == hit[:2]
            ]
            actions.append(
                types.CodeAction(
                    title=_fix_title(doc.text[hit.start : hit.end], hit.fix, rule),
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=matching or None,
                    is_preferred=True,
                    edit=_edit(doc, [types.TextEdit(_range(doc, hit.start, hit.end), hit.fix)]),
                )
            )
        offered: set[tuple[str, str]] = set()
        for finding, s, e in spans:
            if s > end or e < start or finding.origin != "replykit":
                continue
            here = [diagnostic(doc, finding)]
            if s >= reply.body_start and ("line", finding.rule) not in offered:
                offered.add(("line", finding.rule))
                actions.append(
                    types.CodeAction(
                        title=f"Disable {finding.rule} on this line",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=here,
                        edit=_edit(doc, [disable_on_line(doc, s, finding.rule)]),
                    )
                )
            if ("file", finding.rule) not in offered:
                offered.add(("file", finding.rule))
                actions.append(
                    types.CodeAction(
                        title=f"Disable {finding.rule} in this file",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=here,
                        edit=_edit(doc, [disable_in_file(doc, reply.body_start, finding.rule)]),
                    )
                )
    if _wanted(FIX_ALL_KIND, only) and not reply.decoded:
        edits = fixes_for(reply, folder.lint)
        if edits:
            actions.append(
                types.CodeAction(
                    title=f"Fix all certain problems ({len(edits)})",
                    kind=FIX_ALL_KIND,
                    edit=_edit(
                        doc,
                        [types.TextEdit(_range(doc, s, e), new) for s, e, new in edits],
                    ),
                )
            )
    return actions


def completion_list(
    doc: Document,
    position: types.Position,
    folder: FolderSettings,
    context: ReplyContext,
    *,
    snippets_supported: bool,
) -> types.CompletionList | None:
    """Snippet ids after ``;`` at a line's start; each inserts the rendered reply."""
    from replykit.lsp.completion import snippet_items, trigger_query

    cursor = doc.offset(position.line, position.character)
    line_start = doc.lsp_starts[min(position.line, len(doc.lsp_starts) - 1)]
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
    edit_range = _range(doc, trigger, cursor)
    return types.CompletionList(
        is_incomplete=False,
        items=[
            types.CompletionItem(
                label=item.id,
                kind=types.CompletionItemKind.Snippet,
                detail=item.title,
                documentation=types.MarkupContent(
                    kind=types.MarkupKind.PlainText,
                    value=(item.description + "\n\n" if item.description else "")
                    + ("To fill in: " + ", ".join(item.missing) + "\n\n" if item.missing else ""),
                ),
                filter_text=";" + item.id,
                sort_text=item.id,
                insert_text_format=types.InsertTextFormat.Snippet
                if item.is_snippet
                else types.InsertTextFormat.PlainText,
                text_edit=types.TextEdit(edit_range, item.text),
            )
            for item in items
        ],
    )

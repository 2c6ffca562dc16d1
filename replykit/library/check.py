"""``replykit check``: treat a snippet library like code.

For every snippet and partial: front matter, Jinja2 syntax, includes that resolve,
variables the example provides (and example values nothing uses), then each snippet
rendered with its example and linted, each finding reported at the snippet file and
line the text came from.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes

from replykit.config import Config, deep_merge
from replykit.errors import ReplykitError
from replykit.io.walk import walk
from replykit.library.snippets import (
    SNIPPET_SUFFIX,
    Library,
    ParsedSnippet,
    inside,
    is_partial,
    parse_snippet,
)
from replykit.lint.settings import LintSettings
from replykit.models import FileReport, Finding, Severity

# Names every render provides, and Jinja's own globals.
PROVIDED = {"tone", "today", "range", "lipsum", "dict", "cycler", "joiner", "namespace", "loop"}
# Used when neither the config nor a library's _example.toml has [agent]/[company].
SAMPLE_AGENT = {"name": "Sam Rivera", "role": "Customer Support", "email": "sam@example.com"}
SAMPLE_COMPANY = {"name": "Acme Cloud", "support_url": "https://help.example.com"}
# Tables that come from config or a message replied to, not from a snippet's fields.
CONFIG_TABLES = {"agent", "company", "message"}
BLOCKING = (
    "undefined-variable",
    "template-syntax",
    "missing-partial",
    "front-matter",
    "link-outside",
)
# A grammar engine over one rendered snippet: (reply, its findings, names) -> new findings.
GrammarCheck = Callable[[Any, list[Finding], tuple[str, ...]], list[Finding]]
MARK = re.compile("\ue000(\\d+):(\\d+)\ue001")


@dataclass(slots=True)
class Use:
    path: str
    line: int
    guarded: bool  # inside ``is defined`` or ``| default``: may be missing


@dataclass(slots=True)
class FileFindings:
    path: Path
    text: str
    findings: list[Finding] = field(default_factory=list)

    def add(
        self,
        rule: str,
        line: int,
        message: str,
        suggestion: str | None = None,
        column: int = 1,
        severity: Severity | None = None,
    ) -> None:
        from replykit.lint.engine import make_finding

        self.findings.append(
            make_finding(
                rule,
                start=(line, column),
                message=message,
                suggestion=suggestion,
                severity=severity,
            )
        )


def _dotted(node: nodes.Node) -> str | None:
    """``ticket.order_id`` for Getattr/Getitem chains on a Name, else None."""
    parts: list[str] = []
    while True:
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
            node = node.node
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
        ):
            parts.append(node.arg.value)
            node = node.node
        elif isinstance(node, nodes.Name):
            parts.append(node.name)
            return ".".join(reversed(parts))
        else:
            return None


def _local_names(tree: nodes.Template) -> set[str]:
    names: set[str] = set()
    for node in tree.find_all(
        (nodes.For, nodes.Assign, nodes.AssignBlock, nodes.Macro, nodes.FromImport, nodes.Import)
    ):
        if isinstance(node, nodes.Macro):
            names.update(arg.name for arg in node.args)
            names.add(node.name)
        elif isinstance(node, nodes.Import):
            names.add(node.target)
        elif isinstance(node, nodes.FromImport):
            names.update(n if isinstance(n, str) else n[1] for n in node.names)
        else:
            names.update(n.name for n in node.target.find_all(nodes.Name))
            if isinstance(node.target, nodes.Name):
                names.add(node.target.name)
    return names


def variable_uses(tree: nodes.Template, path: str) -> list[Use]:
    """Every context variable path a template reads, with its line."""
    local = _local_names(tree)
    guarded_ids: set[int] = set()
    for node in tree.find_all((nodes.Test, nodes.Filter)):
        if (isinstance(node, nodes.Test) and node.name in ("defined", "undefined")) or (
            isinstance(node, nodes.Filter) and node.name in ("default", "d")
        ):
            for inner in node.node.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
                guarded_ids.add(id(inner))
            guarded_ids.add(id(node.node))
    uses: list[Use] = []
    covered: set[int] = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        if id(node) in covered:
            continue
        dotted = _dotted(node)
        if dotted is None:
            continue
        for inner in node.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
            covered.add(id(inner))
        if isinstance(node, nodes.Name) and node.ctx != "load":
            continue
        root = dotted.split(".")[0]
        if root in local or root in PROVIDED:
            continue
        uses.append(Use(dotted, node.lineno, id(node) in guarded_ids))
    # a path tested with ``is defined`` anywhere (``{% if x.y is defined %}{{ x.y }}``)
    guarded = {u.path for u in uses if u.guarded}
    for use in uses:
        use.guarded = use.guarded or use.path in guarded
    return uses


def _leaf_paths(values: dict[str, Any], prefix: str = "") -> list[str]:
    paths = []
    for key, value in values.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            paths.extend(_leaf_paths(value, dotted + "."))
        else:
            paths.append(dotted)
    return paths


def _has_path(values: dict[str, Any], dotted: str) -> bool:
    current: Any = values
    for part in dotted.split("."):
        if not isinstance(current, dict) or part not in current or current[part] in ("", None):
            return False
        current = current[part]
    return True


def _template_refs(tree: nodes.Template) -> list[tuple[str, int]]:
    refs = []
    for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport)):
        if isinstance(node.template, nodes.Const) and isinstance(node.template.value, str):
            refs.append((node.template.value, node.lineno))
    return refs


def _instrument(source: str, file_index: int) -> str:
    """Put an invisible origin marker at the start of every line outside a multi-line tag.

    Markers are not whitespace, so they never change what the template renders apart
    from themselves: a marker before a block tag on its own line joins the next line.
    """
    out, inside = [], False
    for number, line in enumerate(source.split("\n"), start=1):
        stripped = line.lstrip()
        if not inside and stripped:
            line = f"\ue000{file_index}:{number}\ue001{line}"
        opens = len(re.findall(r"\{[%{#]", line))
        closes = len(re.findall(r"[%}#]\}", line))
        inside = (inside or opens > 0) and opens + (1 if inside else 0) > closes
        out.append(line)
    return "\n".join(out)


class _InstrumentedLoader(jinja2.BaseLoader):
    def __init__(self, base: jinja2.BaseLoader, files: list[str]) -> None:
        self.base, self.files = base, files

    def get_source(self, environment: jinja2.Environment, template: str):  # type: ignore[no-untyped-def]
        source, filename, uptodate = self.base.get_source(environment, template)
        if filename not in self.files:
            self.files.append(filename)
        return _instrument(source, self.files.index(filename)), filename, uptodate


def _origins(instrumented: str, files: list[str]) -> list[tuple[str, int]]:
    """(file, line) for each non-blank line of the rendered text, in order."""
    origins, last = [], (files[0] if files else "", 1)
    for line in instrumented.split("\n"):
        marks = MARK.findall(line)
        if marks:  # the last marker: a block tag's marker precedes the content's own
            last = (files[int(marks[-1][0])], int(marks[-1][1]))
        if MARK.sub("", line).strip():
            origins.append(last)
    return origins


class LibraryChecker:
    """Checks the snippets and partials of one library folder (with its layers behind it)."""

    def __init__(
        self,
        folder: Path,
        library: Library,
        config: Config,
        settings: LintSettings,
        grammar: GrammarCheck | None = None,
    ) -> None:
        self.folder, self.library, self.settings = folder, library, settings
        self.grammar = grammar
        examples = library.example_values
        from replykit.library.snippets import builtin_library

        if folder.resolve() == builtin_library().resolve():
            # The shipped library is checked with its own example values: a user's config
            # that lacks a key is no fault of it, and they could not fix it in site-packages.
            self.agent = examples.get("agent") or SAMPLE_AGENT
            self.company = examples.get("company") or SAMPLE_COMPANY
        else:
            self.agent = config.agent or examples.get("agent") or SAMPLE_AGENT
            self.company = config.company or examples.get("company") or SAMPLE_COMPANY
        from replykit.library.render import make_environment

        self.env = make_environment(library)
        self.reports: dict[Path, FileFindings] = {}
        self.trees: dict[str, nodes.Template | None] = {}
        self.unreadable: list[Path] = []

    def report(self, path: Path) -> FileFindings:
        if path not in self.reports:
            readable = path.is_file() and any(inside(path, f) for f in self.library.folders)
            self.reports[path] = FileFindings(path, _read(path) if readable else "")
        return self.reports[path]

    def run(self) -> list[FileReport]:
        walked = walk(self.folder, (SNIPPET_SUFFIX,))
        self.unreadable = walked.unreadable
        for link, target in links_outside(self.folder):
            self.report(link).add(
                "link-outside",
                1,
                f"a link to {target}, outside the library: drafts will not read it",
                "copy the file into the library instead of linking it",
            )
        seen_ids: dict[str, Path] = {}
        for path in walked.files:
            if not inside(path, self.folder):
                continue  # reported above
            self.report(path)
            if is_partial(path):
                self.check_partial(path)
                continue
            snippet_id = path.relative_to(self.folder).with_suffix("").as_posix()
            twin = seen_ids.get(snippet_id.lower())
            if twin is not None:
                self.report(path).add(
                    "duplicate-id",
                    1,
                    f"snippet id '{snippet_id}' is also used by {twin.name}",
                    "rename one of them",
                )
            seen_ids[snippet_id.lower()] = path
            try:
                self.check_snippet(path, snippet_id)
            except RecursionError:  # one bad snippet is its own finding, never the whole run
                self.report(path).add(
                    "render-error",
                    1,
                    "the template nests too deeply: an include, import or macro that calls "
                    "itself, or brackets nested hundreds deep",
                    "break the cycle",
                )
        return [
            FileReport(
                str(r.path),
                sorted(r.findings, key=lambda f: (f.line, f.column, f.rule)),
                text=r.text,
            )
            for r in self.reports.values()
        ]

    def parse_tree(self, path: Path, source: str, line_offset: int = 0) -> nodes.Template | None:
        key = str(path)
        if key in self.trees:
            return self.trees[key]
        try:
            tree = self.env.parse(source, filename=key)
        except jinja2.TemplateSyntaxError as exc:
            self.report(path).add(
                "template-syntax", (exc.lineno or 1), f"template syntax error: {exc.message}"
            )
            tree = None
        except RecursionError:
            self.report(path).add("template-syntax", 1, "template nested too deeply to parse")
            tree = None
        self.trees[key] = tree
        for ref, line in _template_refs(tree) if tree else []:
            outside = self.library.link_outside(ref)
            if outside is not None:
                self.report(path).add(
                    "link-outside",
                    line,
                    f"includes '{ref}', a link to {outside}, outside the library",
                    "copy the file into the library instead of linking it",
                )
            elif self.library.find_template(ref) is None:
                self.report(path).add(
                    "missing-partial",
                    line,
                    f"includes '{ref}', which is not in the libraries",
                    "create the partial or fix the name",
                )
        return tree

    def check_partial(self, path: Path) -> None:
        source = self.report(path).text.replace("\r\n", "\n")
        self.parse_tree(path, source)

    def uses_with_partials(
        self, path: Path, tree: nodes.Template, seen: set[str] | None = None
    ) -> list[tuple[Path, Use]]:
        seen = seen if seen is not None else set()
        result = [(path, use) for use in variable_uses(tree, str(path))]
        for ref, _ in _template_refs(tree):
            partial = self.library.find_template(ref)
            if partial is None or str(partial) in seen:
                continue
            seen.add(str(partial))
            source = _read(partial).replace("\r\n", "\n")
            sub = self.parse_tree(partial, source)
            if sub is not None:
                result.extend(self.uses_with_partials(partial, sub, seen))
        return result

    def check_snippet(self, path: Path, snippet_id: str) -> None:
        report = self.report(path)
        try:
            parsed: ParsedSnippet = parse_snippet(path, self.folder, snippet_id)
        except ReplykitError as exc:
            report.add("front-matter", exc.line or 1, exc.message, exc.hint)
            return
        for problem in parsed.problems:
            report.add("front-matter", problem.line, problem.message)
        snippet = parsed.snippet
        assert snippet is not None
        subject_line = parsed.front_matter_lines.get("subject", 2)
        body_source = "\n" * (snippet.body_line - 1) + snippet.body
        tree = self.parse_tree(path, body_source)
        try:
            subject_tree = self.env.parse(snippet.subject)
        except jinja2.TemplateSyntaxError as exc:
            report.add("template-syntax", subject_line, f"subject: {exc.message}")
            return
        if snippet.reply_subject:
            try:
                self.env.parse(snippet.reply_subject)
            except jinja2.TemplateSyntaxError as exc:
                line = parsed.front_matter_lines.get("reply_subject", 2)
                report.add("template-syntax", line, f"reply_subject: {exc.message}")
                return
        if tree is None:
            return
        values = deep_merge({"agent": self.agent, "company": self.company}, snippet.example)
        uses = self.uses_with_partials(path, tree)
        uses += [
            (path, Use(u.path, subject_line, u.guarded))
            for u in variable_uses(subject_tree, str(path))
        ]
        declared = {f.path: f for f in snippet.fields if f.declared}
        optional = {name for name, f in declared.items() if f.optional}
        reported: set[tuple[str, str]] = set()
        for where, use in uses:
            provided = _has_path(values, use.path) or use.path in optional
            if use.guarded or provided or (str(where), use.path) in reported:
                continue
            reported.add((str(where), use.path))
            self.report(where).add(
                "undefined-variable",
                use.line,
                f"{snippet_id} uses {use.path}, which [example] does not provide",
                f"add {use.path} to [example] in {path.name}",
            )
        used = {u.path for _, u in uses}
        if declared:
            self.check_fields(path, snippet_id, declared, uses, parsed)
        example_line = parsed.front_matter_lines.get("example", 2)
        for leaf in _leaf_paths(snippet.example):
            if not any(
                u == leaf or u.startswith(leaf + ".") or leaf.startswith(u + ".") for u in used
            ):
                report.add(
                    "unused-example",
                    example_line,
                    f"example value {leaf} is not used by the template",
                    "remove it, or use it in the body or subject",
                )
        if any(f.rule in BLOCKING for f in report.findings):
            return
        self.lint_rendered(path, snippet, values, subject_line)

    def check_fields(
        self,
        path: Path,
        snippet_id: str,
        declared: dict[str, Any],
        uses: list[tuple[Path, Use]],
        parsed: ParsedSnippet,
    ) -> None:
        """A snippet with ``[fields]`` declares what it uses, and uses what it declares."""
        used = {u.path for _, u in uses}
        fields_line = parsed.front_matter_lines.get("fields", 2)
        for name in declared:
            if not any(
                u == name or u.startswith(name + ".") or name.startswith(u + ".") for u in used
            ):
                self.report(path).add(
                    "unused-field",
                    fields_line,
                    f"field {name} is declared, but no template uses it",
                    "remove it from [fields], or use it in the body or subject",
                )
        seen: set[tuple[str, str]] = set()
        for where, use in uses:
            root = use.path.split(".")[0]
            if use.guarded or root in CONFIG_TABLES or (str(where), use.path) in seen:
                continue
            if any(use.path == name or use.path.startswith(name + ".") for name in declared):
                continue
            seen.add((str(where), use.path))
            self.report(where).add(
                "undeclared-field",
                use.line,
                f"{snippet_id} uses {use.path}, which [fields] does not declare",
                f'declare it in {path.name}: "{use.path}" = {{ type = "text" }}',
            )

    def lint_rendered(
        self, path: Path, snippet: Any, values: dict[str, Any], subject_line: int
    ) -> None:
        from replykit.library.limits import render_limited
        from replykit.library.render import Values, normalise, prepare_values, render_snippet
        from replykit.lint.engine import customer_names, make_finding, run_rules
        from replykit.text.reply import parse_reply

        try:
            draft = render_snippet(snippet, {**values, "tone": snippet.tone}, self.library)
        except ReplykitError as exc:
            where = self.report(Path(exc.path) if exc.path else path)
            if not any(f.rule in BLOCKING for f in where.findings):
                where.add("render-error", exc.line or 1, exc.message, exc.hint)
            return
        files: list[str] = []
        env = self.env.overlay(loader=_InstrumentedLoader(self.env.loader, files))
        try:
            template = env.get_template(path.relative_to(self.folder).as_posix())
            context = Values(prepare_values(snippet, {**values, "tone": snippet.tone}))
            instrumented = render_limited(template, context)
        except Exception:
            instrumented = ""
        origins = _origins(instrumented, files)
        if normalise(MARK.sub("", instrumented)) != draft.body:
            origins = []
        text = draft.as_text()
        reply = parse_reply(
            text,
            str(path),
            customer_names=customer_names(values),
            tone=snippet.tone,
            lexicon=self.settings.lexicon,
        )
        body_lines = text.split("\n")
        # line numbers of the rendered text -> index among the body's non-blank lines
        index_of: dict[int, int] = {}
        count = 0
        for number, line in enumerate(body_lines[2:], start=3):
            if line.strip():
                index_of[number] = count
                count += 1
        findings = run_rules(reply, self.settings)
        if self.grammar is not None:
            people = [values.get(k) for k in ("agent", "company")]
            names = [str(p["name"]) for p in people if isinstance(p, dict) and p.get("name")]
            findings += self.grammar(reply, findings, (*customer_names(values), *names))
        for finding in findings:
            if finding.line == 1:
                target, line, column = path, subject_line, 1
                raw = self.report(path).text.split("\n")[line - 1] if line else ""
                at = raw.find(snippet.subject)
                prefix = text.split("\n")[0][len("Subject: ") :][: finding.column - 10]
                if at >= 0 and snippet.subject.startswith(prefix):
                    column = at + 1 + len(prefix)
            else:
                index = index_of.get(finding.line)
                if index is None:
                    index = max((i for n, i in index_of.items() if n < finding.line), default=0)
                if index < len(origins) and Path(origins[index][0]).is_relative_to(self.folder):
                    target, line = Path(origins[index][0]), origins[index][1]
                else:  # a partial from another library: report at the snippet
                    target, line = path, snippet.body_line
                rendered = body_lines[finding.line - 1] if finding.line <= len(body_lines) else ""
                source = self.report(target).text.split("\n")
                raw = source[line - 1] if 0 < line <= len(source) else ""
                prefix = rendered[: finding.column - 1]
                column = finding.column if raw.startswith(prefix) else 1
            message = finding.message
            if target != path:
                message += f" (in {snippet.id} rendered with its example)"
            self.report(target).findings.append(
                make_finding(
                    finding.rule,
                    start=(line, column),
                    message=message,
                    suggestion=finding.suggestion,
                    severity=finding.severity,
                    origin=finding.origin,
                )
            )


def _read(path: Path) -> str:
    """A library file's text for reports ("" when unreadable: parsing it says why)."""
    from replykit.io.files import read_text

    try:
        return read_text(path, what="snippet")
    except ReplykitError:
        return ""


def links_outside(folder: Path) -> list[tuple[Path, Path]]:
    """Symbolic links under ``folder`` (to files or folders) that resolve outside it."""
    import os

    found = []
    for parent, subfolders, names in os.walk(folder, followlinks=False):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted([*subfolders, *names]):
            path = Path(parent) / name
            if not name.startswith(".") and path.is_symlink() and not inside(path, folder):
                found.append((path, path.resolve()))
    return found


def check_libraries(
    folders: list[Path],
    config: Config,
    settings: LintSettings,
    layers: list[Path] | None = None,
    grammar: GrammarCheck | None = None,
    errors: list[ReplykitError] | None = None,
) -> list[FileReport]:
    """Check each folder, resolving partials through it and then ``layers``; ``grammar``
    adds a grammar engine's findings to each rendered snippet.

    Folders that cannot be read are appended to ``errors``: a library checked only in part
    must not pass as clean.
    """
    from replykit.errors import InputError

    reports: list[FileReport] = []
    for folder in folders:
        library = Library([folder, *[f for f in (layers or []) if f.resolve() != folder.resolve()]])
        checker = LibraryChecker(library.folders[0], library, config, settings, grammar)
        reports.extend(checker.run())
        for unreadable in checker.unreadable:
            if errors is not None:
                errors.append(
                    InputError(
                        "cannot read this folder: permission denied; its snippets were not checked",
                        path=unreadable,
                        hint="check its permissions",
                    )
                )
    return reports


def snippet_uses(snippet: Any, library: Library) -> list[Use]:
    """Every value a snippet's subject, body and partials read, in order, once each."""
    checker = LibraryChecker(snippet.library, library, Config(), None)  # type: ignore[arg-type]
    body = "\n" * (snippet.body_line - 1) + snippet.body
    tree = checker.parse_tree(snippet.path, body)
    uses: list[Use] = []
    with contextlib.suppress(jinja2.TemplateSyntaxError):  # check reports it; here: no uses
        uses += variable_uses(checker.env.parse(snippet.subject), str(snippet.path))
    if tree is not None:
        uses += [use for _, use in checker.uses_with_partials(snippet.path, tree)]
    first: dict[str, Use] = {}
    for use in uses:
        if use.path in first:
            first[use.path].guarded = first[use.path].guarded and use.guarded
        else:
            first[use.path] = Use(use.path, use.line, use.guarded)
    return list(first.values())

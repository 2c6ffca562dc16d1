"""The snippet library: layered folders of ``.txt`` files with TOML front matter.

A snippet's id is its path inside its library without ``.txt`` (``billing/refund``).
Files whose name starts with ``_`` are partials for ``include``/``import``. Libraries
are searched in order, so an earlier one overrides the same id in a later one.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from replykit.errors import InputError, SnippetError
from replykit.io.files import parse_toml, read_text
from replykit.io.paths import PACKAGE_DIR
from replykit.io.walk import walk
from replykit.models import Snippet

FRONT_MATTER_FENCE = "+++"
EXAMPLE_FILE = "_example.toml"  # agent and company values for --example, per library
SNIPPET_SUFFIX = ".txt"
TONES = ("casual", "formal")
FRONT_MATTER_KEYS = {
    "title",
    "subject",
    "reply_subject",
    "tags",
    "tone",
    "description",
    "example",
    "fields",
}
REQUIRED_KEYS = ("title", "subject")


def builtin_library() -> Path:
    """The shipped starter library: inside the wheel, or ``snippets/`` in a checkout."""
    packaged = PACKAGE_DIR / "_builtin_snippets"
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent / "snippets"


@dataclass(slots=True)
class SnippetProblem:
    """A problem found while parsing a snippet file (``check`` reports them all)."""

    path: Path
    line: int
    message: str
    severity: str = "error"


@dataclass(slots=True)
class ParsedSnippet:
    snippet: Snippet | None
    problems: list[SnippetProblem] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    front_matter_lines: dict[str, int] = field(default_factory=dict)


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Return (front matter, body, body's first line number)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise SnippetError(
            "a snippet starts with a '+++' line, then TOML front matter",
            path=path,
            line=1,
            hint="add front matter with title and subject",
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER_FENCE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise SnippetError(
        "front matter is not closed by a second '+++' line",
        path=path,
        line=1,
        hint="add a '+++' line after the front matter",
    )


def _key_lines(front_matter: str) -> dict[str, int]:
    """Which file line each top-level key sits on (front matter starts on line 2)."""
    found: dict[str, int] = {}
    for number, raw in enumerate(front_matter.split("\n"), start=2):
        key = raw.split("=", 1)[0].strip()
        if "=" in raw and key.isidentifier() and key not in found:
            found[key] = number
        elif raw.strip().startswith("[") and (table := raw.strip().strip("[]").split(".")[0]) in (
            "example",
            "fields",
        ):
            found.setdefault(table, number)
    return found


def parse_snippet(path: Path, library: Path, snippet_id: str) -> ParsedSnippet:
    """Parse one snippet file; fatal problems raise, the rest are collected."""
    text = read_text(path, what="snippet", streams=False).replace("\r\n", "\n")
    front, body, body_line = split_front_matter(text, path)
    meta = parse_toml(front, str(path), line_offset=1)
    key_lines = _key_lines(front)
    result = ParsedSnippet(snippet=None, meta=meta, front_matter_lines=key_lines)
    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            result.problems.append(
                SnippetProblem(
                    path,
                    key_lines.get(key, 2),
                    f"unknown front matter key '{key}' "
                    f"(known: {', '.join(sorted(FRONT_MATTER_KEYS))})",
                )
            )
    for key in REQUIRED_KEYS:
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise SnippetError(
                f"front matter needs a '{key}' string", path=path, line=2, hint=f'add {key} = "..."'
            )
    tone = meta.get("tone", "casual")
    if tone not in TONES:
        raise SnippetError(
            f'tone must be "casual" or "formal", not {tone!r}',
            path=path,
            line=key_lines.get("tone", 2),
        )
    tags = meta.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise SnippetError(
            "tags must be a list of strings", path=path, line=key_lines.get("tags", 2)
        )
    example = meta.get("example", {})
    if not isinstance(example, dict):
        raise SnippetError("example must be a table", path=path, line=key_lines.get("example", 2))
    reply_subject = meta.get("reply_subject", "")
    if not isinstance(reply_subject, str):
        raise SnippetError(
            "reply_subject must be a string", path=path, line=key_lines.get("reply_subject", 2)
        )
    from replykit.library.fields import parse_fields

    fields = parse_fields(meta.get("fields", {}), example, path, key_lines.get("fields", 2))
    result.snippet = Snippet(
        id=snippet_id,
        path=path,
        library=library,
        title=meta["title"],
        subject=meta["subject"],
        body=body,
        body_line=body_line,
        tags=tuple(tags),
        tone=tone,
        description=str(meta.get("description", "")),
        example=example,
        fields=fields,
        reply_subject=reply_subject,
    )
    return result


def _id_for(path: Path, library: Path) -> str:
    return path.relative_to(library).with_suffix("").as_posix()


def is_partial(path: Path) -> bool:
    return path.name.startswith("_")


class Library:
    """Layered snippet folders; the first folder that has an id wins."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = []
        for folder in folders:
            folder = Path(folder).expanduser()
            if not folder.is_dir():
                raise InputError(
                    "snippet library folder not found",
                    path=folder,
                    hint="check --library or 'library' in your config",
                )
            self.folders.append(folder.resolve())

    @cached_property
    def index(self) -> dict[str, tuple[Path, Path]]:
        """Snippet id -> (file, library), earlier libraries winning."""
        found: dict[str, tuple[Path, Path]] = {}
        for folder in self.folders:
            walked = walk(folder, (SNIPPET_SUFFIX,))
            if walked.unreadable:  # a snippet skipped in silence could be the one asked for
                raise InputError(
                    "cannot read this folder of a snippet library: permission denied",
                    path=walked.unreadable[0],
                    hint="fix its permissions, or remove it from the library",
                )
            for path in walked.files:
                if not is_partial(path) and inside(path, folder):
                    found.setdefault(_id_for(path, folder), (path, folder))
        return found

    @property
    def ids(self) -> list[str]:
        return sorted(self.index)

    def resolve_id(self, wanted: str) -> str:
        """An exact id, or a unique basename; otherwise an error listing the closest ids."""
        wanted = wanted.strip().removesuffix(SNIPPET_SUFFIX)
        if wanted in self.index:
            return wanted
        by_basename = [i for i in self.index if i.rsplit("/", 1)[-1] == wanted]
        if len(by_basename) == 1:
            return by_basename[0]
        if by_basename:
            raise SnippetError(
                f"snippet id '{wanted}' is ambiguous: it could be {', '.join(sorted(by_basename))}",
                hint="use the full id",
            )
        close = closest_ids(wanted, self.ids)
        hint = f"did you mean {', '.join(close)}?" if close else "run 'replykit snippets list'"
        raise SnippetError(f"no snippet '{wanted}'", hint=hint)

    def load(self, wanted: str) -> Snippet:
        snippet_id = self.resolve_id(wanted)
        path, folder = self.index[snippet_id]
        snippet = parse_snippet(path, folder, snippet_id).snippet
        assert snippet is not None
        return snippet

    def all(self) -> list[Snippet]:
        return [self.load(snippet_id) for snippet_id in self.ids]

    @cached_property
    def example_values(self) -> dict[str, Any]:
        """The libraries' ``_example.toml`` values, an earlier library winning."""
        from replykit.config import deep_merge
        from replykit.io.files import load_toml

        merged: dict[str, Any] = {}
        for folder in reversed(self.folders):
            path = folder / EXAMPLE_FILE
            if path.is_file():
                merged = deep_merge(merged, load_toml(path, what="example values file"))
        return merged

    def find_template(self, name: str) -> Path | None:
        """A file for ``include``/``import``, by its path inside a library.

        A file that is, or lies under, a symbolic link resolving outside its library is
        not found: a link in a shared snippet repository must not put ``~/.ssh/id_rsa``
        or ``/etc/passwd`` into a reply.
        """
        for folder in self.folders:
            candidate = folder / name
            if candidate.is_file() and inside(candidate, folder):
                return candidate
        return None

    def link_outside(self, name: str) -> Path | None:
        """Where ``name`` really leads, when the first library that has it links outside."""
        for folder in self.folders:
            candidate = folder / name
            if candidate.is_file():
                return None if inside(candidate, folder) else candidate.resolve()
        return None


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, with every link followed, is still inside ``folder`` (resolved)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def closest_ids(wanted: str, ids: list[str], limit: int = 3) -> list[str]:
    """Closest ids by full id and by basename, best first."""
    scored = []
    for snippet_id in ids:
        base = snippet_id.rsplit("/", 1)[-1]
        score = max(
            difflib.SequenceMatcher(None, wanted, snippet_id).ratio(),
            difflib.SequenceMatcher(None, wanted, base).ratio(),
        )
        if wanted and (wanted in snippet_id):
            score = max(score, 0.8)
        scored.append((score, snippet_id))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [snippet_id for score, snippet_id in scored[:limit] if score >= 0.5]


_TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_WORD = re.compile(r"[\w$]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def search(snippets: list[Snippet], words: list[str]) -> list[tuple[float, Snippet]]:
    """Rank snippets for any of the words: those matching every word first, then by score.

    Looks at the id, tags and title (weigh most), the description, and the body's text
    (template tags left out, ``{{ order.id }}`` read as words). A word matches a whole
    word, the start of one (``refund`` finds ``refunded``), or a close misspelling.
    """
    terms = [t for w in words for t in _words(w)]
    ranked: list[tuple[int, float, Snippet]] = []
    for snippet in snippets:
        fields = [
            (3.0, _words(snippet.id.replace("/", " ").replace("-", " "))),
            (3.0, _words(" ".join(snippet.tags).replace("-", " "))),
            (2.0, _words(snippet.title)),
            (1.0, _words(snippet.description)),
            (0.5, _words(_TEMPLATE_CODE.sub(" ", snippet.body).replace(".", " "))),
        ]
        matched, total = 0, 0.0
        for term in terms:
            best = 0.0
            for weight, tokens in fields:
                if term in tokens:
                    best = max(best, weight)
                elif any(
                    t.startswith(term) or (term.startswith(t) and len(t) >= 4) for t in tokens
                ):
                    best = max(best, weight * 0.8)
                elif len(term) >= 4:
                    ratio = max(
                        (difflib.SequenceMatcher(None, term, t).ratio() for t in set(tokens)),
                        default=0.0,
                    )
                    if ratio >= 0.8:
                        best = max(best, weight * ratio * 0.3)  # below an exact body word
            if best:
                matched += 1
                total += best
        if matched:
            ranked.append((matched, round(total, 3), snippet))
    ranked.sort(key=lambda item: (-item[0], -item[1], item[2].id))
    return [(score, snippet) for _, score, snippet in ranked]


def with_tags(snippets: list[Snippet], tags: list[str]) -> list[Snippet]:
    """Snippets that have every tag (case does not matter); an unknown tag is an error."""
    known = {t.lower() for s in snippets for t in s.tags}
    wanted = [t.strip().lower() for t in tags]
    unknown = [t for t in wanted if t not in known]
    if unknown:
        close = difflib.get_close_matches(unknown[0], sorted(known), n=3)
        hint = (
            f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(sorted(known))}"
        )
        raise InputError(f"no snippet has the tag '{unknown[0]}'", hint=hint)
    return [s for s in snippets if set(wanted) <= {t.lower() for t in s.tags}]

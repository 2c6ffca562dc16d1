"""Word lists from ``data/words.toml`` plus a team's additions, matched by tokens.

Each reply is split into words once (``tokenize``); a list is then a set of phrases
looked up only where one of its first words occurs, so a rule costs a few set lookups
per reply however long its list is, and nothing is compiled at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, NamedTuple

from replykit.text.gate import Lazy

TABLE_LISTS = ("slang", "jargon", "negative", "casual_markers", "safe_fixes")
PHRASE_LISTS = (
    "generic_apology",
    "condescension",
    "promotion",
    "sign_offs",
    "greetings",
    "generic_greetings",
    "gratitude",
    "follow_up_promises",
    "time_frames",
    "instructions",
    "repeat_ok",
    "stock_phrases",
    "profanity",
    "negative_ok",
    "condescension_ok",
)
TERM_LISTS = ("acronyms", "subject_filler", "common_short_words", "ordinary_codes")
ALL_LISTS = TABLE_LISTS + PHRASE_LISTS + TERM_LISTS
# lists whose terms also match their inflected forms (leverage: leveraging, leveraged)
INFLECTED_LISTS = frozenset(("jargon", "negative"))


@lru_cache(maxsize=1)
def builtin_words() -> dict[str, Any]:
    from replykit.text.tables import data_toml

    data = dict(data_toml("words.toml"))
    phrases = data.pop("phrases")
    return {**data, **phrases}


TOKEN = Lazy(r"[\w'’-]+")
TOKEN_SPLIT = Lazy(f"({TOKEN.pattern})")  # split keeps the tokens


class PhraseMatch:
    """The part of ``re.Match`` the rules use."""

    __slots__ = ("_end", "_start", "_text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end

    def group(self) -> str:
        return self._text[self._start : self._end]


class PhraseMatcher:
    r"""Whole-word, case-insensitive matching of a word list, by tokens and a set.

    Same boundaries as ``(?<![\w'’-])term(?![\w'’-])`` with any whitespace (or the
    term's own joiner, as in "sir/madam") between the words of a phrase, but no regex to
    compile: one big alternation per list cost more at start-up than linting a reply.
    ``prefix`` matches words that start with a term.
    """

    def __init__(self, terms: list[str] | set[str], *, prefix: bool = False) -> None:
        self.phrases: set[tuple[str, ...]] = set()
        self.joiners: set[str] = set()  # what joins a term's words besides spaces: "sir/madam"
        for term in terms:
            words = tuple(_norm(w) for w in TOKEN.findall(term))
            if words:
                self.phrases.add(words)
                self.joiners.update(g for g in TOKEN.split(term.strip())[1:-1] if g.strip())
        lengths: dict[str, set[int]] = {}
        for phrase in self.phrases:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
        # first word -> the lengths of the phrases it starts, longest first
        self.by_first = {w: tuple(sorted(n, reverse=True)) for w, n in lengths.items()}
        self.firsts = frozenset(self.by_first)
        self.prefix = prefix
        self.prefixes = tuple(p[0] for p in self.phrases if len(p) == 1) if prefix else ()

    def state(self) -> tuple[list[tuple[str, ...]], list[str], bool]:
        """What the matcher is built from, as plain data (for the packaged tables)."""
        return sorted(self.phrases), sorted(self.joiners), self.prefix

    @classmethod
    def from_state(cls, state: tuple[list[tuple[str, ...]], list[str], bool]) -> PhraseMatcher:
        phrases, joiners, prefix = state
        matcher = cls((), prefix=prefix)
        matcher.phrases, matcher.joiners = set(phrases), set(joiners)
        lengths: dict[str, set[int]] = {}
        for phrase in matcher.phrases:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
        matcher.by_first = {w: tuple(sorted(n, reverse=True)) for w, n in lengths.items()}
        matcher.firsts = frozenset(matcher.by_first)
        matcher.prefixes = tuple(p[0] for p in matcher.phrases if len(p) == 1) if prefix else ()
        return matcher

    def _at(self, text: str, tokens: Tokens, index: int) -> int:
        """How many tokens from ``index`` form a listed phrase (0 if none), longest first."""
        starts, ends, words, _ = tokens
        if self.prefix:
            return 1 if words[index].startswith(self.prefixes) else 0
        lengths = self.by_first.get(words[index])
        if lengths is None:
            return 0
        for n in lengths:
            if n == 1:
                return 1
            if index + n > len(words):
                continue
            if tuple(words[index : index + n]) in self.phrases and all(
                _joined(text[ends[i] : starts[i + 1]], self.joiners)
                for i in range(index, index + n - 1)
            ):
                return n
        return 0

    def candidates(self, text: str) -> list[int]:
        """Indexes of the tokens of ``text`` where a listed phrase may start, in order.

        Only where a listed first word occurs: most lists never do in a given reply.
        """
        if not self.phrases:
            return []
        positions = tokenize(text).positions
        if self.prefix:
            found: Iterable[str] = [w for w in positions if w.startswith(self.prefixes)]
        else:
            found = self.firsts & positions.keys()
        return sorted(i for word in found for i in positions[word])

    def finditer(self, text: str) -> Iterator[PhraseMatch]:
        candidates = self.candidates(text)
        if not candidates:
            return
        tokens = tokenize(text)
        starts, ends = tokens.starts, tokens.ends
        after = 0  # the first token not inside the previous match
        for index in candidates:
            if index < after:
                continue
            n = self._at(text, tokens, index)
            if n:
                yield PhraseMatch(text, starts[index], ends[index + n - 1])
                after = index + n

    def search(self, text: str) -> PhraseMatch | None:
        return next(self.finditer(text), None)

    def match(self, text: str) -> PhraseMatch | None:
        """A listed phrase at the very start of ``text``."""
        first = TOKEN_SPLIT.match(text)  # the same match; one pattern compiled, not two
        if first is None or not self.phrases:
            return None
        word = _norm(first.group())
        if self.prefix:
            return PhraseMatch(text, 0, first.end()) if word.startswith(self.prefixes) else None
        lengths = self.by_first.get(word)
        if lengths is None:
            return None
        starts, ends, words = [0], [first.end()], [word]
        if lengths[0] > 1:  # only as many more tokens as the longest phrase needs
            for token in TOKEN_SPLIT.finditer(text, first.end()):
                if len(words) == lengths[0]:
                    break
                starts.append(token.start())
                ends.append(token.end())
                words.append(_norm(token.group()))
        n = self._at(text, Tokens(starts, ends, words, {}), 0)
        return PhraseMatch(text, 0, ends[n - 1]) if n else None


def _joined(gap: str, joiners: set[str]) -> bool:
    """Whether two words with ``gap`` between them belong to one phrase."""
    return gap.isspace() or gap in joiners


class Tokens(NamedTuple):
    """A text's words: where each starts and ends, folded to lower case, and where each occurs."""

    starts: list[int]
    ends: list[int]
    words: list[str]
    positions: dict[str, list[int]]


@lru_cache(maxsize=64)
def tokenize(text: str) -> Tokens:
    """The words of ``text``; every word list walks the same texts, so once per text."""
    # split scans in C: gaps and tokens alternate, and their offsets are running sums
    parts = TOKEN_SPLIT.split(text)
    offsets = list(accumulate(map(len, parts), initial=0))
    starts, ends = offsets[1:-1:2], offsets[2::2]
    # one lower() for all the tokens: NUL is in no token, so it splits them back apart
    words = _norm("\0".join(parts[1::2])).split("\0") if starts else []
    positions: dict[str, list[int]] = {}
    for index, word in enumerate(words):
        positions.setdefault(word, []).append(index)
    return Tokens(starts, ends, words, positions)


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


def _read_word_file(path: Path, name: str) -> Any:
    """A ``.toml`` file (a table, a list, or either under the list's name) or ``.txt`` lines."""
    from replykit.io.files import parse_toml, read_text

    text = read_text(path, what="word list")  # capped at 1 MB; a device is refused
    if path.suffix == ".toml":
        data = parse_toml(text, str(path))
        return data.get(name, data.get("words", data))
    entries: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            term, _, suggestion = line.partition("=")
            entries[term.strip()] = suggestion.strip()
    return entries


class Lexicon:
    """The word lists in force for one run."""

    def __init__(
        self, extra: dict[str, Any] | None = None, config_path: Path | None = None
    ) -> None:
        words = {
            k: (dict(v) if isinstance(v, dict) else list(v)) for k, v in builtin_words().items()
        }
        self.extended = set(extra or ())  # lists a team added to: built here, not packaged
        for name, value in (extra or {}).items():  # names and shapes checked at config load
            if isinstance(value, str):
                value = _read_word_file(Path(value), name)
            if name in TABLE_LISTS:
                table = value if isinstance(value, dict) else {t: "" for t in value}
                words[name].update({str(k): str(v) for k, v in table.items()})
            else:
                terms = value.keys() if isinstance(value, dict) else value
                words[name].extend(str(t) for t in terms)
        self.words = words

    def table(self, name: str) -> dict[str, str]:
        """Lower-cased term -> suggestion, for looking up a match (built once per run)."""
        cache = self.__dict__.setdefault("_tables", {})
        if name not in cache:
            table = {_norm(k): v for k, v in self.words[name].items()}
            if name in INFLECTED_LISTS:
                from replykit.text.inflect import phrase_forms

                table = {f: v for k, v in table.items() for f in phrase_forms(k)} | table
            cache[name] = table
        return cache[name]

    def pattern(self, name: str, *, prefix: bool = False) -> PhraseMatcher:
        cache = self.__dict__.setdefault("_patterns", {})
        if (name, prefix) not in cache and name not in self.extended:
            from replykit.text.tables import packaged_matcher

            state = packaged_matcher(name, prefix)
            if state is not None:
                cache[name, prefix] = PhraseMatcher.from_state(state)
        if (name, prefix) not in cache:
            terms = list(self.words[name])
            if name in INFLECTED_LISTS:
                terms = list(self.table(name))
            cache[name, prefix] = PhraseMatcher(terms, prefix=prefix)
        return cache[name, prefix]

    @cached_property
    def acronyms(self) -> frozenset[str]:
        return frozenset(self.words["acronyms"])

    @cached_property
    def common_short_words(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.words["common_short_words"])

    def is_sign_off(self, line: str) -> bool:
        """``Best regards``, ``Thanks, Sam``: a listed sign-off, then at most a name; or a
        signature line of its own, ``— Jordan`` or the ``-- `` that opens a signature."""
        if self.is_signature_line(line):
            return True
        match = self.pattern("sign_offs").match(line)
        if match is None:
            return False
        rest = line[match.end() :].strip()
        if rest in _BARE_SIGN_OFF_ENDS:
            return True  # "Best regards,"
        if rest[0] not in _SIGN_OFF_PUNCTUATION:
            return False  # "Thanks for writing": a sentence, not a sign-off
        return _SIGN_OFF_REST.match(line, match.end()) is not None

    @staticmethod
    def is_signature_line(line: str) -> bool:
        """``— Jordan``, ``-- `` (the signature separator) or initials such as ``^JK``."""
        return line[:1] in _DASH_SIGNATURE_STARTS and _DASH_SIGNATURE.fullmatch(line) is not None

    def greeting(self, line: str) -> tuple[str, str] | None:
        """A listed greeting opening ``line``, and the rest of the line after it."""
        match = self.pattern("greetings").match(line)
        if match is None:
            return None
        return match.group(), line[match.end() :].split("\n", 1)[0]


_DASH_SIGNATURE = Lazy(
    r"(?:--|—|–|~)[ \t]*(?:[A-Z][\w.'’-]*(?:[ \t]+[\w.'’&-]+){0,3})?[ \t]*|\^[A-Za-z]{1,4}[ \t]*"
)
# Most lines start with none of these, and most sign-offs end bare: "Best regards,".
# Both patterns compile in about 0.5 ms each, a tenth of a clean reply's lint.
_DASH_SIGNATURE_STARTS = frozenset("-—–~^")
_BARE_SIGN_OFF_ENDS = frozenset(["", ",", ".", "!"])
_SIGN_OFF_PUNCTUATION = frozenset(",.!—–-")
_SIGN_OFF_REST = Lazy(r"\s*(?:[,.!—–-]\s*(?:\w[\w .'’-]*)?)?$")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The built-in lists alone (for parsing, before any config is known)."""
    return Lexicon()

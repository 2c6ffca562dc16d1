"""The start-up caches: they may save time, never change a result."""

from __future__ import annotations

from pathlib import Path

import pytest

from replykit.io import files as fileio

SAMPLES = [
    "Hi Ana,\n\nThanks for writing!!! We're SO sorry ... the refund (A-1) is done.",
    "Subject: RE: Fwd: re:  Your order   A-1 ,ok?!\n\n1. Open Settings\n- then click Save",
    "café naïve  coöperate — ÉMILE’s O’Brien don't 'bout",
    "",
]


def test_toml_parse_is_reused_only_while_the_file_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "customer.toml"
    path.write_text('name = "Ana"\n', encoding="utf-8")
    assert fileio.load_toml(path) == {"name": "Ana"}
    cached = fileio._toml_cache_file(path)
    assert cached.is_file()
    path.write_text('name = "Bea"\n', encoding="utf-8")  # same length, new text
    assert fileio.load_toml(path) == {"name": "Bea"}
    path.write_text('name = "Bea\n', encoding="utf-8")
    with pytest.raises(fileio.InputError, match=r"customer\.toml"):
        fileio.load_toml(path)


def test_toml_with_dates_is_parsed_every_time(tmp_path: Path) -> None:
    """Dates do not marshal: such a file is simply not cached."""
    path = tmp_path / "ticket.toml"
    path.write_text("opened = 2026-11-02\n", encoding="utf-8")
    first = fileio.load_toml(path)
    assert str(first["opened"]) == "2026-11-02"
    assert fileio.load_toml(path) == first
    assert not fileio._toml_cache_file(path).exists()

"""LSP positions: lines end only at \\n, \\r\\n and \\r; columns in UTF-16 or UTF-8 units."""

from __future__ import annotations

import pytest

from replykit.lsp.document import UTF8, UTF16, Document


@pytest.mark.parametrize(("encoding", "column"), [(UTF16, 7), (UTF8, 10)])
def test_positions_after_accents_and_emoji(encoding: str, column: int) -> None:
    doc = Document("file:///r.txt", "Subject: x\n\né😀 ok XXX\n", encoding=encoding)
    offset = doc.text.index("XXX")
    assert doc.position(offset) == (2, column)
    assert doc.offset(2, column) == offset
    # A column inside the emoji's code units lands before it, never inside it.
    assert doc.offset(2, 2) == doc.text.index("😀")


def test_only_lsp_line_breaks_count() -> None:
    text = "a\r\nb\rc\u2028d\x0ce\nXXX"
    doc = Document("file:///r.txt", text)
    assert doc.position(text.index("XXX")) == (3, 0)
    assert doc.position(text.index("e")) == (2, 4)  # U+2028 and form feed are characters
    assert doc.position(text.index("\n", 2)) == (0, 1)  # inside \r\n: the end of line 0
    # The linter's lines are \n-separated: line 2 column 1 is "b" (after "a\r\n").
    assert doc.offset_of_finding(2, 1) == text.index("b")


def test_changes_apply_in_client_units_and_clamp() -> None:
    doc = Document("file:///r.txt", "Hi 😀 there\nBye\n", encoding=UTF16)
    doc.apply_change("!", (0, 5), (0, 5))  # after the emoji (two UTF-16 units)
    assert doc.text == "Hi 😀! there\nBye\n"
    doc.apply_change("", (1, 0), (1, 99))  # past the line's end means its end
    assert doc.text == "Hi 😀! there\n\n"
    doc.apply_change("end", (9, 0), (9, 0))  # past the last line means the end
    assert doc.text == "Hi 😀! there\n\nend"
    doc.apply_change("new", None, None)
    assert doc.text == "new"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_lone_surrogate_is_kept_as_a_replacement_of_the_same_length(encoding: str) -> None:
    """No encoder downstream (the MIME decoder, Harper) takes one; positions still hold."""
    doc = Document("file:///r.txt", "Hi \ud800 Ana!!\n", encoding=encoding)
    doc.apply_change("\udc00", (0, 0), (0, 0))
    assert doc.text == "\ufffdHi \ufffd Ana!!\n"
    bang = doc.text.index("!!")
    assert doc.position(bang) == (0, bang + (4 if encoding == "utf-8" else 0))
    assert doc.offset(*doc.position(bang)) == bang

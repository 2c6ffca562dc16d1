"""Real mail: whose text is linted, where findings point in the file, MIME, HTML, mbox.

The corpus under tests/data/mail-corpus is real messages written by others (see its README).
"""

from __future__ import annotations

import base64
import email
import email.policy
import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from conftest import DATA, EXAMPLES, installed_command, require_tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replykit.config import Config
from replykit.errors import InputError
from replykit.io.files import read_text
from replykit.lint.engine import lint_messages, lint_text
from replykit.lint.settings import make_settings
from replykit.reporters import json as json_reporter
from replykit.rules import all_rules
from replykit.text.lines import line_starts, normalise_newlines
from replykit.text.reply import parse_reply

SETTINGS = make_settings(Config())
CORPUS = DATA / "mail-corpus"
MESSAGES = sorted(p for p in CORPUS.glob("*/*") if p.name not in ("README.md", "LICENSE"))


def agent_lines(text: str) -> list[str]:
    """The non-blank lines the rules see (everything else is masked)."""
    body = parse_reply(text, "t.txt").body
    return [line.rstrip() for line in body.split("\n") if line.strip()]


# ----------------------------------------------------------------------------- whose text

AGENT = ["Hi Ana,", "Your refund went out today.", "Best regards,", "Sam"]
REPLY = "Hi Ana,\n\nYour refund went out today.\n\nBest regards,\nSam\n"
QUOTE = "> Where is my refund?\n> It has been two weeks.\n"

STYLES = {
    "top-posted, Gmail": (
        f"Subject: Re: Refund\n\n{REPLY}\n"
        "On Sun, 22 Nov 2026 at 21:14, Ana Lopez <ana@example.com> wrote:\n\n" + QUOTE,
        AGENT,
    ),
    "top-posted, Gmail attribution wrapped at the address": (
        f"Subject: Re: Refund\n\n{REPLY}\n"
        "On Sun, 22 Nov 2026 at 21:14, Ana Lopez via Acme Support <\n"
        "support@acme.example> wrote:\n\n" + QUOTE,
        AGENT,
    ),
    "top-posted, wrapped over three lines (Italian Gmail)": (
        f"{REPLY}\nIl giorno lun 4 lug 2022 alle ore 08:12 Ana Lopez <ana@example.co\nm>\n"
        "ha scritto:\n\n" + QUOTE,
        AGENT,
    ),
    "top-posted, Thunderbird": (
        f"{REPLY}\nOn 11/22/26 21:14, Ana Lopez wrote:\n" + QUOTE,
        AGENT,
    ),
    "top-posted, German": (
        f"{REPLY}\nAm So., 22. Nov. 2026 um 21:14 Uhr schrieb Ana Lopez <ana@example.com>:\n\n"
        + QUOTE,
        AGENT,
    ),
    "bottom-posted, mutt/neomutt": (
        "Subject: Re: Refund\n\n"
        "On Sun, Nov 22, 2026 at 09:14:03PM +0000, Ana Lopez wrote:\n" + QUOTE + "\n" + REPLY,
        AGENT,
    ),
    "bottom-posted, aerc": (
        "On Sun Nov 22, 2026 at 9:14 PM UTC, Ana Lopez wrote:\n" + QUOTE + "\n" + REPLY,
        AGENT,
    ),
    "bottom-posted with a signature": (
        "On Sun, Nov 22, 2026 at 09:14:03PM +0000, Ana Lopez wrote:\n"
        + QUOTE
        + "\n"
        + REPLY
        + "\n-- \nSam Reyes | Acme Support | +1 555 0100\n",
        AGENT,
    ),
    "inline": (
        "Hi Ana,\n\n"
        "On Sun, Nov 22, 2026 at 09:14:03PM +0000, Ana Lopez wrote:\n"
        "> Where is my refund?\n\nIt went out today.\n\n"
        "> And can I change my address?\n> It is wrong.\n\nYes: reply with the new one.\n\n"
        "Best regards,\nSam\n",
        ["Hi Ana,", "It went out today.", "Yes: reply with the new one.", "Best regards,", "Sam"],
    ),
    "Outlook header block after a rule": (
        f"{REPLY}\n________________________________\n"
        "From: Ana Lopez <ana@example.com>\nSent: Sunday, November 22, 2026 9:14 PM\n"
        "To: Support <support@acme.example>\nSubject: Refund\n\n"
        "WHY IS THIS TAKING SO LONG!!! sorry for any inconvenience\n",
        AGENT,
    ),
    "Outlook header block, bold, no rule": (
        f"{REPLY}\n*From:* Ana Lopez <ana@example.com>\n*Sent:* Sunday, November 22, 2026\n"
        "*To:* Support\n*Subject:* Refund\n\nWhere is it?\n",
        AGENT,
    ),
    "Original Message": (
        f"{REPLY}\n-----Original Message-----\nFrom: Ana\n\nWhere is it?\n",
        AGENT,
    ),
    "Gmail forward": (
        f"{REPLY}\n---------- Forwarded message ---------\nFrom: Ana\nWhere is it?\n",
        AGENT,
    ),
    "Apple Mail forward": (
        f"{REPLY}\nBegin forwarded message:\n\nFrom: Ana\nWhere is it?\n",
        AGENT,
    ),
    "Zendesk marker": (
        f"Subject: Re: Refund\n\n{REPLY}\n##- Please type your reply above this line -##\n\n"
        "Ana Lopez (Acme)\n\nWHERE IS MY REFUND!!!\n",
        AGENT,
    ),
    "On ... wrote: with the history unquoted": (
        f"{REPLY}\nOn Sun, 22 Nov 2026 at 21:14, Ana Lopez wrote:\nWhere is it? XXX\n",
        AGENT,
    ),
    "agent lines that only look like history": (
        "Hi Ana,\n\nOn Monday we refunded you.\nFrom: our billing team, in 3 days.\n"
        "And here is a fix -- not a signature.\n\nBest regards,\nSam\n",
        [
            "Hi Ana,",
            "On Monday we refunded you.",
            "From: our billing team, in 3 days.",
            "And here is a fix -- not a signature.",
            "Best regards,",
            "Sam",
        ],
    ),
    "an agent line right above a wrapped attribution is kept": (
        "Thanks, Sam\nOn Sun, 22 Nov 2026 at 21:14, Ana Lopez <\nana@example.com> wrote:\n" + QUOTE,
        ["Thanks, Sam"],
    ),
}


@pytest.mark.parametrize("name", STYLES)
def test_exactly_the_agents_lines_are_linted(name: str) -> None:
    text, expected = STYLES[name]
    assert agent_lines(text) == expected


def test_the_signature_is_not_linted_but_carries_the_name() -> None:
    text = (
        "Subject: Your export\n\nHi Kenji,\n\nThanks for waiting. Your export is ready.\n\n"
        "Best,\n\n-- \nSam at ACME SUPPORT!!! | +1 555 0100\n"
    )
    report = lint_text(text, "t.txt", SETTINGS)
    assert [f.rule for f in report.findings] == []
    without = lint_text(text.split("\n-- ")[0] + "\n", "t.txt", SETTINGS)
    assert [(f.rule, f.message) for f in without.findings] == [
        ("sign-off", "the sign-off is not followed by your name")
    ]


def test_a_bottom_posted_placeholder_is_caught_where_it_stands(cli, tmp_path: Path) -> None:
    draft = tmp_path / "draft.eml"
    draft.write_text(
        "Subject: Re: Refund\n\n"
        "On Sun, Nov 22, 2026 at 09:14:03PM +0000, Ana Lopez wrote:\n"
        "> WHERE IS MY REFUND!!!\n\nHi Ana,\n\nThanks for writing. Your refund XXX went out.\n\n"
        "Best regards,\nSam\n"
    )
    result = cli("lint", str(draft), "--format", "line")
    assert result.code == 1
    assert result.stdout == (
        f"{draft}:8:33: error: unfilled placeholder 'XXX' (suggestion: replace it with the "
        "real value before sending) [placeholder]\n"
    )


# ----------------------------------------------------------------------------- MIME positions


def findings(data: bytes, tmp_path: Path, cli, name: str = "m.eml") -> tuple[int, dict, str]:
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("lint", str(path), "--format", "json")
    return result.code, json.loads(result.stdout or "{}"), result.stderr


def only(report: dict, rule: str) -> dict:
    [found] = [f for f in report["files"][0]["findings"] if f["rule"] == rule]
    return found


HEAD = b"From: sam@acme.example\nSubject: Your refund\nMIME-Version: 1.0\n"


def test_quoted_printable_positions_are_exact_outside_escapes(cli, tmp_path: Path) -> None:
    data = HEAD + (
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        b"Hi Ana,\n\nThanks for writing. Your caf=C3=A9 order XXX is here.\n"
        b"The parcel number is TB=\nD, sorry.\n\nBest regards,\nSam\n"
    )
    code, report, _ = findings(data, tmp_path, cli)
    assert code == 1
    xxx = next(f for f in report["files"][0]["findings"] if "'XXX'" in f["message"])
    # verbatim on its line although the line has an escape before it
    assert (xxx["line"], xxx["column"], xxx["end_column"]) == (9, 42, 45)
    assert "decoded" not in xxx
    # 'TBD' is split by a soft line break: the first line of the part, and the decoded place
    tbd = next(f for f in report["files"][0]["findings"] if "'TBD'" in f["message"])
    assert (tbd["line"], tbd["column"]) == (7, 1)
    assert tbd["decoded"] == {"offset": 101, "line": 6, "column": 22}


def test_an_encoded_subject_points_at_its_header_line(cli, tmp_path: Path) -> None:
    data = (
        b"From: sam@acme.example\nTo: ana@example.com\nSubject: =?utf-8?q?Hi_there?=\n"
        b"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
        b"Hi Ana,\n\nThanks for writing.\n\nBest regards,\nSam\n"
    )
    code, report, _ = findings(data, tmp_path, cli)
    assert code == 0
    filler = only(report, "subject-filler")
    assert (filler["line"], filler["column"]) == (3, 1)
    assert filler["decoded"] == {"offset": 9, "line": 1, "column": 10}


def test_latin1_8bit_message_is_read_and_positions_are_exact(cli, tmp_path: Path) -> None:
    data = (
        b"Subject: Re: Caf\xe9\nMIME-Version: 1.0\n"
        b"Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n"
        b"Hi Ana,\n\nThanks for writing. Your caf\xe9 order XXX is here.\n\nBest regards,\nSam\n"
    )
    path = tmp_path / "latin1.eml"
    path.write_bytes(data)
    line = cli("lint", str(path), "--format", "line")
    assert line.code == 1
    assert line.stdout.startswith(f"{path}:8:37: error: unfilled placeholder 'XXX'")
    # vim counts bytes: in this Latin-1 file one byte per character, so the same column
    in_bytes = cli("lint", str(path), "--format", "line", "--columns", "byte")
    assert in_bytes.stdout.startswith(f"{path}:8:37: error: unfilled placeholder 'XXX'")
    rich = cli("lint", str(path), "--format", "rich")
    assert "Thanks for writing. Your café order XXX is here." in rich.stdout
    assert "\n" + " " * 40 + "^^^\n" in rich.stdout


def test_a_plain_reply_that_is_not_utf8_stays_an_error(cli, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(b"Subject: Caf\xe9\n\nHi Ana, caf\xe9.\n")
    result = cli("lint", str(path))
    assert result.code == 2
    assert result.stderr == f"error: {path}:1:13: is not valid UTF-8 (save the file as UTF-8)\n"


def test_an_unknown_charset_is_one_error_naming_it(cli, tmp_path: Path) -> None:
    code, _, stderr = findings(
        HEAD + b"Content-Type: text/plain; charset=x-klingon\n\nHi Ana, thanks.\n", tmp_path, cli
    )
    assert code == 2
    assert stderr.count("\n") == 1 and "unknown charset 'x-klingon'" in stderr


def test_an_html_only_message_is_converted_with_one_notice(cli, tmp_path: Path) -> None:
    data = HEAD + (
        b"Content-Type: text/html; charset=utf-8\n\n"
        b"<html><head><style>p {color: red}</style></head><body><p>Hi Ana,</p><p>Thanks for "
        b'writing. Your order <b>XXX</b> is <a href="https://acme.example/o/1">here</a>.</p>'
        b"<p>Best regards,<br>Sam</p></body></html>\n"
    )
    code, report, stderr = findings(data, tmp_path, cli)
    assert code == 1
    path = tmp_path / "m.eml"
    assert stderr == (
        f"note: {path}: no text/plain part with text; linted the text of its text/html part "
        "(findings point at line 6)\n"
    )
    placeholder = only(report, "placeholder")
    assert (placeholder["line"], placeholder["column"]) == (6, 1)
    assert placeholder["decoded"] == {"offset": 62, "line": 5, "column": 32}
    reply = parse_reply((HEAD + data[len(HEAD) :]).decode(), "m.eml")
    assert reply.text.endswith(
        "Hi Ana,\n\nThanks for writing. Your order XXX is here (https://acme.example/o/1).\n\n"
        "Best regards,\nSam"
    )


def test_html_quotes_are_the_customers(tmp_path: Path) -> None:
    html = (
        '<div>Hello</div><div class="gmail_quote">On Mon, Apr 2, 2012 at 6:26 PM, Megan '
        '&lt;<a href="mailto:m@example.com">m@example.com</a>&gt; wrote:<br>'
        "<blockquote>WHERE IS IT!!!</blockquote></div>"
    )
    text = (HEAD + b"Content-Type: text/html\n\n").decode() + html + "\n"
    assert agent_lines(text) == ["Hello"]


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (
            b"Content-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: message/rfc822\n\n"
            b"Subject: inner\n\nhello\n--B--\n",
            "it is multipart/mixed",
        ),
        (b"Content-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n", "image"),
    ],
)
def test_a_message_with_no_text_is_one_error(cli, tmp_path: Path, body: bytes, what: str) -> None:
    code, _, stderr = findings(HEAD + body, tmp_path, cli)
    assert code == 2
    assert stderr.startswith(f"error: {tmp_path / 'm.eml'}:1: no text to lint in this message")
    assert what in stderr and stderr.count("\n") == 1


def test_the_plain_part_of_an_alternative_is_linted_in_place(cli, tmp_path: Path) -> None:
    data = HEAD + (
        b'Content-Type: multipart/alternative; boundary="b1"\n\nPreamble XXX.\n--b1\n'
        b"Content-Type: text/plain; charset=us-ascii\n\nHi Ana,\n\nThanks!!! Order TBD.\n\n"
        b"Best regards,\nSam\n--b1\nContent-Type: text/html\n\n<p>Order ZZZ</p>\n--b1--\n"
    )
    path = tmp_path / "alt.eml"
    path.write_bytes(data)
    result = cli("lint", str(path), "--format", "line", "--min-severity", "warning")
    assert result.stdout.splitlines() == [
        f"{path}:12:7: warning: '!!!' reads as shouting or over-excitement (suggestion: use "
        "one ! or a full stop) [punctuation-run]",
        f"{path}:12:17: error: unfilled placeholder 'TBD' (suggestion: replace it with the real "
        "value before sending) [placeholder]",
    ]


# ----------------------------------------------------------------------------- mbox, line ends

MBOX = (
    "From ana@example.com Sun Nov 22 21:14:03 2026\nSubject: One\n\nHi Ana,\n\n"
    "Thanks for writing. XXX\n\nBest regards,\nSam\n\n"
    "From sam@example.com Sun Nov 22 21:15:03 2026\nSubject: Two\n\nHi Ana,\n\n"
    ">From time to time we check. TBD\n\nBest regards,\nSam\n"
)


def error_places(cli, target: Path) -> tuple[int, list[str]]:
    """The exit code and the path:line:column of each error ``lint`` prints for ``target``."""
    line = cli("lint", str(target), "--format", "line", "--min-severity", "error")
    return line.code, [row.split(": error")[0] for row in line.stdout.splitlines()]


def test_an_mbox_file_is_linted_message_by_message(cli, tmp_path: Path) -> None:
    path = tmp_path / "replies.mbox"
    path.write_text(MBOX)
    assert error_places(cli, path) == (1, [f"{path}:6:21", f"{path}:16:30"])
    data = json.loads(cli("lint", str(path), "--format", "json").stdout)
    assert [(f["path"], f["message"]) for f in data["files"]] == [(str(path), 1), (str(path), 2)]
    assert data["summary"]["files"] == 2
    rich = cli("lint", str(path), "--format", "rich").stdout
    assert f"{path} (message 2)" in rich and "    >From time to time we check. TBD\n" in rich


def test_a_folder_walk_lints_the_mbox_files_in_it(cli, tmp_path: Path) -> None:
    (tmp_path / "sent").mkdir()
    path = tmp_path / "sent" / "replies.mbox"
    path.write_text(MBOX)
    assert error_places(cli, tmp_path) == (1, [f"{path}:6:21", f"{path}:16:30"])


def test_an_mbox_of_mime_messages_keeps_file_positions(cli, tmp_path: Path) -> None:
    """A leading ``From `` line never turns a base64 message into prose."""
    body = base64.encodebytes(b"Hi Ana,\n\nYour order XXX is here.\n\nBest regards,\nSam\n")
    message = (
        b"From sam@acme.example Sun Nov 22 21:14:03 2026\n" + HEAD + b"Content-Type: text/plain; "
        b"charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + body + b"\n"
    )
    qp = (
        b"From sam@acme.example Sun Nov 22 21:20:00 2026\n" + HEAD + b"Content-Type: text/plain; "
        b"charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        b"Hi Ana,\n\nYour caf=C3=A9 order TBD is here.\n\nBest regards,\nSam\n"
    )
    path = tmp_path / "sent.mbox"
    path.write_bytes(message + qp)
    result = cli("lint", str(path), "--format", "json", "--min-severity", "error")
    files = json.loads(result.stdout)["files"]
    got = [
        (f["message"], x["line"], x["column"], "decoded" in x) for f in files for x in f["findings"]
    ]
    first_part = 8  # From line, 5 header lines, a blank line: base64 starts on line 8
    second_start = message.count(b"\n")
    assert got == [(1, first_part, 1, True), (2, second_start + 10, 22, False)]


def test_fix_mends_every_message_of_an_mbox(cli, tmp_path: Path) -> None:
    path = tmp_path / "replies.mbox"
    path.write_text(MBOX.replace("Thanks for", "Thanks  for").replace("we check.", "we  check."))
    result = cli("lint", "--fix", str(path))
    assert result.stderr == f"fixed 2 problems in {path}\n"
    assert path.read_text() == MBOX
    assert result.code == 1  # the placeholders are still there: fixes are only the certain ones


def test_leading_from_line_and_blank_lines_never_hide_the_headers() -> None:
    for prefix in ("From ana@example.com Sun Nov 22 21:14:03 2026\n", "\n   \n", ""):
        text = prefix + "Subject: Hi\nTo: ana@example.com\n\nHi Ana,\n\nThanks.\n\nBest,\nSam\n"
        report = lint_text(text, "t.eml", SETTINGS)
        filler = [f for f in report.findings if f.rule == "subject-filler"]
        assert [(f.line, f.column) for f in filler] == [(prefix.count("\n") + 1, 10)]
        assert parse_reply(text).subject == "Hi"


def test_the_cpython_mbox_keeps_its_body_line_starting_with_from() -> None:
    text = (CORPUS / "cpython" / "mailbox_01.mbox").read_text()
    [report] = lint_messages(text, "m.mbox", SETTINGS)
    reply = parse_reply(text)
    assert reply.subject == "unquoted From in body; extra info on From line"
    assert [line for line in reply.body.split("\n") if line.strip()] == [
        "Hello",
        "From time to time",
    ]
    assert report.message is None


@pytest.mark.parametrize("newline", ["\r", "\r\n", "mixed"])
def test_cr_only_and_mixed_line_endings(newline: str) -> None:
    lines = ["Subject: Hi", "", "Hi Ana,", "", "Your order XXX is here.", "", "Best,", "Sam", ""]
    if newline == "mixed":
        text = "".join(line + ("\n", "\r", "\r\n")[i % 3] for i, line in enumerate(lines))
    else:
        text = newline.join(lines)
    report = lint_text(text, "t.txt", SETTINGS)
    assert parse_reply(text).subject == "Hi"
    placeholder = [f for f in report.findings if f.rule == "placeholder"]
    assert [(f.line, f.column, f.end_column) for f in placeholder] == [(5, 12, 15)]


# ----------------------------------------------------------------------------- the corpus

# Messages with no text for an agent to have written: each is one error, exit 2.
NO_TEXT = {
    "cpython/msg_06.txt": "no text to lint",  # message/rfc822 only
    "cpython/msg_11.txt": "no text to lint",
    "cpython/msg_46.txt": "no text to lint",
    "cpython/msg_28.txt": "no text to lint",  # multipart/digest
    "cpython/msg_30.txt": "no text to lint",
    "cpython/msg_37.txt": "no text to lint",  # only text/x-one, text/x-two parts
    "cpython/msg_25.txt": "MIME parts of this message cannot be found",
    "cpython/msg_31.txt": "MIME parts of this message cannot be found",
    "mail-parser/mail_malformed_3.eml": "MIME parts of this message cannot be found",
    "mail-parser/mail_outlook_1.eml": "looks like a binary file",  # an Outlook .msg file
    "cpython/msg_08.txt": "the reply is empty",  # every text part is empty
    "cpython/msg_09.txt": "the reply is empty",
    "cpython/msg_12.txt": "the reply is empty",
    "cpython/msg_12a.txt": "the reply is empty",
    "cpython/msg_24.txt": "the reply is empty",
}


def test_the_corpus_has_at_least_100_real_messages() -> None:
    assert len(MESSAGES) >= 100
    assert {p.parent.name for p in MESSAGES} == {
        "cpython",
        "mail-parser",
        "talon",
        "email_reply_parser",
    }


def _expected_part(data: bytes) -> tuple[str, str] | None:
    """What the standard library's own parser says the text part is: (kind, text)."""
    lines = data.split(b"\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and lines[0].startswith(b"From "):
        lines.pop(0)
    message = email.message_from_bytes(b"\n".join(lines), policy=email.policy.default)
    for kind in ("plain", "html"):
        part = message.get_body(preferencelist=(kind,))
        if part is not None:
            return kind, normalise_newlines(part.get_content().replace("\r\n", "\n"))
    return None


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.rstrip("\n").split("\n")]


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_message(path: Path) -> None:
    """No traceback; the right text part; every verbatim finding points at its text."""
    name = f"{path.parent.name}/{path.name}"
    if name in NO_TEXT:
        with pytest.raises(InputError) as caught:
            lint_text(read_text(path, what="reply"), name, SETTINGS)
        assert NO_TEXT[name] in caught.value.message
        return
    text = read_text(path, what="reply")
    reports = lint_messages(text, name, SETTINGS)
    assert len(reports) == 1
    reply = parse_reply(text, name)
    if reply.decoded:
        expected = _expected_part(path.read_bytes())
        body = reply.text.split("\n\n", 1)[1]
        if expected is None:  # multipart with no boundary: its body, said in a notice
            assert reply.notices and "without a boundary" in reply.notices[0]
        elif expected[0] == "html" or not expected[1].strip():  # no plain text: the HTML
            assert reply.notices and "text/html" in reply.notices[0]
        elif "\ufffd" not in expected[1]:  # else the library replaced bytes, replykit did not
            # RFC 2045: a decoder drops a quoted-printable line's trailing white space
            assert _lines(body) == _lines(expected[1])
    file_text = reply.file_text
    starts = line_starts(file_text)
    for rule in all_rules().values():
        if rule.check is None:
            continue
        for hit in rule.check(reply, SETTINGS):
            line, column, end_line, end_column, decoded = reply.locate(hit.start, hit.end)
            if decoded is None:
                start = starts[line - 1] + column - 1
                end = starts[end_line - 1] + end_column - 1
                assert file_text[start:end] == reply.text[hit.start : hit.end], (rule, line)
            else:
                assert decoded.text == reply.text.split("\n")[decoded.line - 1]


# Hand-checked: each position read off the file with an editor.
HAND_CHECKED = {
    # 7bit text/plain in a Gmail multipart/alternative: the reply is line 15, the quote skipped
    "talon/gmail.eml": [("gratitude", 15, 1), ("greeting", 15, 1), ("sign-off", 15, 1)],
    # the plain part (line 23) is nested in an alternative inside a mixed part, after a
    # preamble line that starts with '>'
    "cpython/msg_15.txt": [
        ("gratitude", 23, 1, 23, 1),
        ("greeting", 23, 1, 23, 19),
        ("sign-off", 23, 1, 23, 19),
    ],
    # quoted-printable text with a soft line break (line 25 '=' then line 26)
    "mail-parser/mail_test_3.eml": [
        ("subject-filler", 10, 10),
        ("gratitude", 25, 1),
        ("greeting", 25, 1),
        ("sign-off", 25, 1),
    ],
    # a delivery report: the first text/plain part (line 14); the second 'yadda' from col 6
    # (the rule's span takes the space before it, which its fix removes)
    "cpython/msg_05.txt": [
        ("gratitude", 14, 1, 14, 1),
        ("greeting", 14, 1, 14, 18),
        ("sign-off", 14, 1, 14, 18),
        ("repeated-word", 14, 6, 14, 12),
    ],
    # 'Content-Type: text' (no subtype) read as text/plain: can't, :( and two spaces
    "cpython/msg_14.txt": [
        ("gratitude", 15, 1, 15, 1),
        ("greeting", 15, 1, 15, 4),
        ("negative-wording", 18, 9, 18, 14),
        ("emoji", 18, 58, 18, 60),
        ("spacing", 20, 57, 20, 59),
        ("sign-off", 23, 1, 23, 4),
    ],
    # a body-only file: the Outlook block under line 1 is the customer's
    "email_reply_parser/email_2_2.txt": [
        ("gratitude", 1, 1, 1, 1),
        ("greeting", 1, 1, 1, 41),
        ("sign-off", 1, 1, 1, 41),
        ("subject-missing", 1, 1, 1, 1),
    ],
}


@pytest.mark.parametrize("name", HAND_CHECKED)
def test_hand_checked_positions(name: str, cli) -> None:
    result = cli("lint", str(CORPUS / name), "--format", "json")
    found = json.loads(result.stdout)["files"][0]["findings"]
    expected = HAND_CHECKED[name]
    if len(expected[0]) == 3:
        assert [(f["rule"], f["line"], f["column"]) for f in found] == expected
    else:
        got = [(f["rule"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in found]
        assert got == expected
        assert all("decoded" not in f for f in found)


# ----------------------------------------------------------------------------- neomutt


def test_neomutt_bottom_posted_reply_with_a_placeholder_is_caught(tmp_path: Path) -> None:
    """Real neomutt under tmux: reply to a customer's mail, write under the quote."""
    require_tool("neomutt")
    require_tool("tmux")
    bin_dir = os.path.dirname(installed_command()[0])
    mbox = tmp_path / "customer.mbox"
    mbox.write_text(
        "From ana@example.com Sun Nov 22 21:14:03 2026\n"
        "From: Ana Lopez <ana@example.com>\nTo: Acme Support <support@acme.example>\n"
        "Subject: Refund for order 1234\nDate: Sun, 22 Nov 2026 21:14:03 +0000\n"
        "Message-ID: <abc123@example.com>\n\n"
        "Hi, I still have not received my refund for order 1234!!!\nCan you check?\n\nAna\n"
    )
    saved = tmp_path / "sent-draft.txt"
    agent = tmp_path / "agent.sh"
    agent.write_text(
        "#!/bin/sh\n# the agent writes under the quote, leaving a placeholder\n"
        "printf '\\nHi Ana,\\n\\nThanks for writing. Your refund for order XXX went out "
        'today.\\n\\nBest regards,\\nSam\\n\' >> "$1"\n'
        f'cp "$1" {saved}\n'
    )
    agent.chmod(0o755)
    rc = tmp_path / "muttrc"
    rc.write_text(
        f'set editor="{EXAMPLES / "mail" / "replykit-edit"}"\n'
        "set edit_headers=yes\nset include=yes\nset fast_reply=yes\n"
        'set from="sam@acme.example"\nset realname="Sam"\nset sendmail="/bin/true"\n'
        'set record=""\nset postpone=no\nset header_cache=""\nset message_cachedir=""\n'
        f'set folder="{tmp_path}"\nset signature=""\nset copy=no\nset move=no\n'
        "set wait_key=no\nset mail_check=0\n"
    )
    session = f"replykit-neomutt-{os.getpid()}"
    command = (
        f"env PATH={bin_dir}:$PATH REPLYKIT_EDITOR={agent} HOME={tmp_path} TERM=xterm "
        f"REPLYKIT_CACHE_DIR={os.environ['REPLYKIT_CACHE_DIR']} "
        f"neomutt -n -F {rc} -f {mbox}"
    )
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "40", command],
        check=True,
    )
    try:
        screen = _wait_for(session, "Refund for order 1234")
        subprocess.run(["tmux", "send-keys", "-t", session, "r"], check=True)
        screen = _wait_for(session, "replykit found errors")
        draft = saved.read_text()
        # neomutt's attribution and quote above, the agent's reply below
        assert "Ana Lopez wrote:\n> Hi, I still have not received my refund" in draft
        row = draft.split("\n").index(
            "Thanks for writing. Your refund for order XXX went out today."
        )
        assert f":{row + 1}:43: error: unfilled placeholder 'XXX'" in screen.replace("\n", "")
        assert "[punctuation-run]" not in screen  # the customer's '!!!' is not linted
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)


def _wait_for(session: str, text: str) -> str:
    """The tmux screen once it shows ``text`` (polled; fails after 20 s)."""
    screen = ""
    for _ in range(200):
        screen = subprocess.run(
            ["tmux", "capture-pane", "-p", "-J", "-t", session],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"neomutt never showed {text!r}; screen:\n{screen}")


def test_base64_message_decoded_offset_is_in_the_decoded_text(cli, tmp_path: Path) -> None:
    body = "Hi Ana,\n\nYour order XXX is here.\n\nBest regards,\nSam\n"
    data = HEAD + (
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(body.encode())
    )
    code, report, _ = findings(data, tmp_path, cli)
    assert code == 1
    placeholder = only(report, "placeholder")
    assert (placeholder["line"], placeholder["column"]) == (7, 1)
    decoded = placeholder["decoded"]
    text = parse_reply(data.decode(), "m.eml").text
    assert text[decoded["offset"] : decoded["offset"] + 3] == "XXX"
    rich = cli("lint", str(tmp_path / "m.eml"), "--format", "rich").stdout
    assert "    decoded line 5:\n    Your order XXX is here.\n               ^^^\n" in rich


# ----------------------------------------------------------------------------- robustness

PIECES = st.sampled_from(
    [
        "From ana@example.com Sun Nov 22 21:14:03 2026\n",
        "From: Ana <ana@example.com>\n",
        "Subject: Hi there\n",
        "Subject: =?utf-8?q?Caf=C3=A9?=\n",
        "Subject: =?x-nope?q?a?=\n",
        "MIME-Version: 1.0\n",
        "Content-Type: text/plain; charset=iso-8859-1\n",
        "Content-Type: text/plain; charset=base64\n",
        "Content-Type: text/plain; charset=utf-16\n",
        "Content-Type: text/html; charset=utf-8\n",
        'Content-Type: multipart/alternative; boundary="b"\n',
        "Content-Type: multipart/mixed\n",
        "Content-Type: message/rfc822\n",
        "Content-Transfer-Encoding: quoted-printable\n",
        "Content-Transfer-Encoding: base64\n",
        "Content-Transfer-Encoding: 8bit\n",
        "--b\n",
        "--b--\n",
        "\n",
        "\r",
        "\r\n",
        "   \n",
        "Hi Ana, XXX!!!\n",
        "caf=C3=A9 =\n",
        "=E9=\n",
        "SGkgQW5hLCBYWFgh\n",
        "<p>Hi <b>XXX</b></p>\n",
        "On Sun, 22 Nov 2026, Ana wrote:\n",
        "> WHERE IS IT!!!\n",
        "-- \n",
        "\xe9",
        "\udce9",
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=30).map("".join))
def test_any_mix_of_mail_parts_is_a_report_or_one_input_error(text: str) -> None:
    try:
        reports = lint_messages(text, "m.eml", SETTINGS)
    except InputError:
        return
    lines = normalise_newlines(text).split("\n")
    for report in reports:
        for f in report.findings:
            for line, column in ((f.line, f.column), (f.end_line, f.end_column)):
                assert 1 <= line <= len(lines)
                assert 1 <= column <= len(lines[line - 1]) + 1
        json.loads(json_reporter.render(reports))

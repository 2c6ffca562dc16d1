"""Values the agent should never retype: help-desk ticket JSON, [context.map], and the
customer's own email (--reply-to), through the installed command."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path

from conftest import DATA, EXAMPLE_CONFIG

DESKS = DATA / "helpdesk"
MAIL = DATA / "mail"
SHOW = (
    '+++\ntitle = "Show"\nsubject = "About {{ ticket.subject }}"\n+++\n'
    "{{ customer.name }}|{{ customer.first_name }}|{{ customer.last_name }}|"
    "{{ customer.email }}\n{{ ticket.id }}|{{ ticket.subject }}|{{ ticket.status }}\n"
)
SHOW_MESSAGE = (
    '+++\ntitle = "Show"\nsubject = "Not used when replying"\n+++\n'
    "{{ customer.name }}|{{ customer.first_name }}|{{ customer.email }}\n"
    "{{ message.subject }}|{{ message.id }}|{{ message.date | date('%Y-%m-%d %H:%M') }}\n"
)


def library(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir(exist_ok=True)
    (folder / "show.txt").write_text(text, encoding="utf-8")
    return folder


def test_zendesk_ticket_with_side_loaded_users(sh, tmp_path: Path) -> None:
    lib = library(tmp_path, SHOW)
    result = sh(
        "draft", "show", "-L", str(lib), "-c", str(DESKS / "zendesk-ticket.json"), "--no-lint"
    )
    assert result.code == 0, result
    assert result.stdout == (
        "Subject: About Charged twice in March\n\n"
        "Ana Silva|Ana|Silva|ana.silva@example.com\n35436|Charged twice in March|open\n"
    )


def test_freshdesk_ticket_with_embedded_requester(sh, tmp_path: Path) -> None:
    lib = library(tmp_path, SHOW)
    path = DESKS / "freshdesk-ticket.json"
    result = sh("draft", "show", "-L", str(lib), "-c", str(path), "--no-lint")
    assert result.code == 0, result
    assert result.stdout == (
        "Subject: About Export to CSV stops halfway\n\n"
        "Min Lee|Min|Lee|min.lee@example.com\n20|Export to CSV stops halfway|pending\n"
    )


def test_helpscout_conversation(sh, tmp_path: Path) -> None:
    lib = library(tmp_path, SHOW)
    path = DESKS / "helpscout-conversation.json"
    result = sh("draft", "show", "-L", str(lib), "-c", str(path), "--no-lint")
    assert result.code == 0, result
    assert result.stdout == (
        "Subject: About Cannot log in after the update\n\n"
        "Chidi Okafor|Chidi|Okafor|c.okafor@example.org\n"
        "349|Cannot log in after the update|active\n"
    )


def test_a_shipped_snippet_from_a_ticket_needs_no_retyping(sh) -> None:
    result = sh(
        "draft",
        "general/escalation",
        "-c",
        str(DESKS / "zendesk-ticket.json"),
        "--set",
        "team.name=billing",
        "--set",
        "today=2026-03-02",
        "--config",
        str(EXAMPLE_CONFIG),
    )
    assert result.code == 0, result
    assert result.stdout.startswith(
        "Subject: Your case is with our billing team\n\nHi Ana,\n\n"
        "Thanks for your patience with case 35436."
    )


def test_context_map_picks_fields_from_any_shape(sh, tmp_path: Path) -> None:
    lib = library(tmp_path, SHOW)
    config = tmp_path / "replykit.toml"
    config.write_text(
        "[context.map]\n"
        '"customer.first_name" = "data.user.given_name"\n'
        '"customer.last_name" = "data.user.family_name"\n'
        '"customer.email" = "data.user.contact.email"\n'
        'customer.name = "data.user.given_name"\n'  # a dotted key works unquoted too
        '"ticket.id" = "data.case.ref"\n'
        '"ticket.subject" = "data.case.headline"\n'
    )
    args = ["draft", "show", "-L", str(lib), "-c", str(DESKS / "crm-export.json")]
    result = sh(*args, "--config", str(config), "--set", "ticket.status=new", "--no-lint")
    assert result.code == 0, result
    assert result.stdout == (
        "Subject: About Invoice address\n\nLena|Lena|Novak|lena@example.com\n"
        "C-7781|Invoice address|new\n"
    )
    config.write_text('[context.map]\n"customer.first_name" = 3\n')
    bad = sh(*args, "--config", str(config))
    assert bad.code == 2
    assert bad.stderr.startswith(f"error: {config}: 'context.map.customer.first_name' must be")


def test_reply_to_an_eml_fills_customer_and_message(sh, tmp_path: Path) -> None:
    lib = library(tmp_path, SHOW_MESSAGE)
    result = sh("draft", "show", "-L", str(lib), "--reply-to", str(MAIL / "joao.eml"), "--no-lint")
    assert result.code == 0, result
    assert result.stdout == (
        "Subject: Re: Refund for order A-1042 – still waiting\n\n"
        "João Gonçalves|João|joao.goncalves@example.org\n"
        "Refund for order A-1042 – still waiting|<CAF3kq+9xYz@mail.example.org>|"
        "2026-03-02 09:14\n"
    )


def test_reply_to_stdin_and_the_last_message_of_an_mbox(sh, tmp_path: Path) -> None:
    lib = library(tmp_path, SHOW_MESSAGE)
    data = (MAIL / "thread.mbox").read_bytes()
    result = sh("draft", "show", "-L", str(lib), "--reply-to", "-", "--no-lint", input=data)
    assert result.code == 0, result
    assert result.stdout == (
        "Subject: Re: Dark mode?\n\nMin Lee|Min|min.lee@example.com\n"
        "Re: Dark mode?|<second@mail.example.com>|2026-03-02 08:30\n"
    )


def test_reply_subject_in_front_matter_overrides_re(sh, tmp_path: Path) -> None:
    lib = library(
        tmp_path,
        SHOW_MESSAGE.replace('subject = "Not', 'reply_subject = "Your refund"\nsubject = "Not'),
    )
    result = sh("draft", "show", "-L", str(lib), "-r", str(MAIL / "joao.eml"), "--no-lint")
    assert result.stdout.startswith("Subject: Your refund\n\n")


def test_reply_to_without_a_from_address_is_one_error(sh, tmp_path: Path) -> None:
    note = tmp_path / "note.eml"
    note.write_text("Subject: hello\n\nno sender\n")
    result = sh("draft", "welcome", "--example", "--reply-to", str(note))
    assert result.code == 2
    assert result.stderr == (
        f"error: {note}: this does not look like an email: it has no From address "
        "(give the customer's message as an .eml file or an mbox)\n"
    )


def test_format_eml_is_a_threaded_reply_a_mail_client_can_send(sh) -> None:
    result = sh(
        "draft",
        "billing/refund-issued",
        "--reply-to",
        str(MAIL / "joao.eml"),
        "--set",
        "order.id=A-1042",
        "--set",
        "order.amount=$49.00",
        "--config",
        str(EXAMPLE_CONFIG),
        "--format",
        "eml",
    )
    assert result.code == 0, result
    reply = email.message_from_string(result.stdout, policy=email.policy.default)
    assert reply["From"] == "Sam Rivera <sam@example.com>"
    assert reply["To"] == "João Gonçalves <joao.goncalves@example.org>"
    assert reply["Subject"] == "Re: Refund for order A-1042 – still waiting"
    assert reply["In-Reply-To"] == "<CAF3kq+9xYz@mail.example.org>"
    assert reply["References"] == (
        "<20260224101500.1234@example.com> <CAF3kq+9xYz@mail.example.org>"
    )
    assert reply["Message-ID"].endswith("@example.com>")
    assert abs(reply["Date"].datetime - dt.datetime.now(dt.UTC)) < dt.timedelta(hours=1)
    body = reply.get_content()
    assert body.startswith("Hi João,\n\nThanks for your patience. I have refunded $49.00")
    assert body.endswith("Customer Support, Acme Cloud\nsam@example.com\n")


def test_format_eml_without_a_message_is_a_new_message(sh) -> None:
    result = sh("draft", "welcome", "--example", "--format", "eml")
    assert result.code == 0, result
    message = email.message_from_string(result.stdout, policy=email.policy.default)
    assert message["Subject"] == "Welcome to Acme Cloud"
    assert message["From"] == "Sam Rivera <sam@example.com>"
    assert message["In-Reply-To"] is None and message["References"] is None
    assert message.get_content().startswith("Hi Ana,\n\nWelcome to Acme Cloud")


def test_check_reports_a_bad_reply_subject(sh, tmp_path: Path) -> None:
    lib = library(
        tmp_path, SHOW_MESSAGE.replace('subject = "Not', 'reply_subject = "{{ x"\nsubject = "Not')
    )
    result = sh("check", str(lib), "--format", "line")
    assert result.code == 1
    assert (
        f"{lib / 'show.txt'}:3:1: error: reply_subject: unexpected end of template" in result.stdout
    )

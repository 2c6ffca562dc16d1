"""Declared and inferred field types, optional parts, render hygiene, context skeletons and
``check`` of [fields], through the installed command with exact text."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLE_CONFIG

FIELDS = """+++
title = "Plan"
subject = "Your {{ plan.name }} plan"

[fields]
"customer.vip" = { type = "bool", optional = true, prompt = "VIP customer?" }
"plan.steps" = { type = "list", prompt = "Steps, one per line" }
"plan.price" = { type = "text" }
"plan.seats" = { type = "number" }
"plan.renews" = { type = "date" }
"plan.note" = { type = "text", optional = true }

[example]
plan = { name = "Pro", steps = ["Open Billing."], price = "$10", seats = 3, renews = 2026-04-01 }
+++
Thanks for writing to me.{% if customer.vip %} As a VIP, you get priority.{% endif %}
Plan: {{ plan.name }} at {{ plan.price }}, {{ plan.seats }} seats, renews {{ plan.renews | date }}.
{% if plan.note %}
{{ plan.note }}
{% endif %}
{% for step in plan.steps %}
{{ loop.index }}. {{ step }}
{% endfor %}
Thank you for using {{ company.name }}.
"""


def lib(tmp_path: Path, text: str = FIELDS, name: str = "plan.txt") -> Path:
    folder = tmp_path / "lib"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def draft(sh, tmp_path: Path, *args: str, text: str = FIELDS):
    return sh("draft", "plan", "-L", str(lib(tmp_path, text)), "--no-lint", *args)


def test_optional_parts_and_inline_block_tags_keep_line_breaks(sh, tmp_path: Path) -> None:
    result = draft(sh, tmp_path, "--example", "--set", "company.name=Example Inc.")
    assert result.code == 0, result
    assert result.stdout == (
        "Subject: Your Pro plan\n\n"
        "Thanks for writing to me.\n"
        "Plan: Pro at $10, 3 seats, renews Wednesday 1 April.\n"
        "1. Open Billing.\n"
        "Thank you for using Example Inc.\n"  # one full stop, not "Inc.."
    )
    vip = draft(
        sh,
        tmp_path,
        "--example",
        "--set",
        "customer.vip=yes",
        "--set",
        "plan.note=Your invoice follows.",
        "--set",
        "plan.steps=Open Billing.\nChoose Upgrade.",
    )
    assert vip.stdout.split("\n")[2:6] == [
        "Thanks for writing to me. As a VIP, you get priority.",
        "Plan: Pro at $10, 3 seats, renews Wednesday 1 April.",
        "Your invoice follows.",
        "1. Open Billing.",
    ]
    assert "2. Choose Upgrade.\n" in vip.stdout


def test_set_keeps_text_as_typed_for_text_fields(sh, tmp_path: Path) -> None:
    result = draft(
        sh, tmp_path, "--example", "--set", "plan.price=49.90", "--set", "plan.name=0x1F"
    )
    assert "Subject: Your 0x1F plan\n" in result.stdout
    assert " at 49.90, " in result.stdout


def test_wrong_type_is_one_error_naming_field_and_type(sh, tmp_path: Path) -> None:
    ctx = tmp_path / "c.json"
    ctx.write_text(json.dumps({"plan": {"steps": "Open Billing."}}))
    result = draft(sh, tmp_path, "--example", "-c", str(ctx))
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: plan: plan.steps is a list field, not text 'Open Billing.' "
        "(give a list: a TOML or JSON array, or one item per line)\n"
    )
    for assignment, expected in (
        ("plan.seats=three", "plan.seats is a number field, not text 'three'"),
        ("plan.renews=next week", "plan.renews is a date field, not text 'next week'"),
        ("customer.vip=maybe", "customer.vip is a bool field, not text 'maybe'"),
    ):
        bad = draft(sh, tmp_path, "--example", "--set", assignment)
        assert bad.code == 2
        assert bad.stderr.startswith(f"error: plan: {expected} (give ")
        assert bad.stderr.count("\n") == 1


def test_types_are_inferred_from_the_example(sh, tmp_path: Path) -> None:
    """The shipped how-to declares nothing: its example's list makes howto.steps a list."""
    ctx = tmp_path / "c.json"
    ctx.write_text(json.dumps({"howto": {"steps": "Open Settings."}}))
    result = sh("draft", "how-to", "--example", "-c", str(ctx))
    assert result.code == 2
    assert "howto.steps is a list field, not text 'Open Settings.'" in result.stderr


def test_every_missing_field_is_named_at_once(sh, tmp_path: Path) -> None:
    result = draft(sh, tmp_path, "--config", str(EXAMPLE_CONFIG))
    assert result.code == 2
    assert result.stderr == (
        "error: plan needs plan.name, plan.price, plan.seats, plan.renews and plan.steps "
        "(not in config or --set) (add them to a --context file or pass --set "
        "plan.name=VALUE --set plan.price=VALUE --set plan.seats=VALUE --set "
        "plan.renews=VALUE --set plan.steps=VALUE, or use -i)\n"
    )


def test_bad_field_declaration_is_an_error_at_its_line(sh, tmp_path: Path) -> None:
    folder = lib(tmp_path, FIELDS.replace('type = "number"', 'type = "integer"'))
    result = sh("draft", "plan", "-L", str(folder), "--example")
    assert result.code == 2
    assert result.stderr == (
        f"error: {folder / 'plan.txt'}:5: field plan.seats has type 'integer'; "
        "use one of text, number, date, bool, list\n"
    )


def test_context_new_for_a_snippet_writes_exactly_its_fields(sh, tmp_path: Path) -> None:
    target = tmp_path / "ctx.toml"
    result = sh("context", "new", str(target), "--for", "billing/refund-issued")
    assert result.code == 0, result
    assert target.read_text() == (
        '[customer]\nfirst_name = ""\nlast_name = ""\ntitle = ""\n\n[order]\nid = ""\namount = ""\n'
    )
    as_json = tmp_path / "ctx.json"
    assert sh("context", "new", str(as_json), "--for", "general/how-to").code == 0
    assert json.loads(as_json.read_text()) == {
        "customer": {"first_name": "", "last_name": "", "title": ""},
        "howto": {"task": "", "steps": [], "article": ""},
    }
    yaml = sh("context", "new", str(tmp_path / "ctx.yaml"), "--for", "how-to")
    assert yaml.code == 2
    assert yaml.stderr == (
        f"error: {tmp_path / 'ctx.yaml'}: cannot write a context file as .yaml "
        "(name it .toml or .json)\n"
    )
    assert not (tmp_path / "ctx.yaml").exists()


def test_check_reports_unused_and_undeclared_fields(sh, tmp_path: Path) -> None:
    text = FIELDS.replace('"plan.note" = { type = "text", optional = true }', '"plan.old" = "text"')
    text = text.replace("{% if plan.note %}\n{{ plan.note }}\n{% endif %}\n", "{{ plan.extra }}\n")
    text = text.replace("[example]\nplan = {", '[example]\nplan = { extra = "x",')
    folder = lib(tmp_path, text)
    result = sh("check", str(folder), "--format", "line")
    lines = result.stdout.replace(str(folder), "lib").splitlines()
    assert (
        "lib/plan.txt:5:1: warning: field plan.old is declared, but no template uses it "
        "(suggestion: remove it from [fields], or use it in the body or subject) [unused-field]"
        in lines
    )
    assert (
        "lib/plan.txt:18:1: warning: plan uses plan.extra, which [fields] does not declare "
        '(suggestion: declare it in plan.txt: "plan.extra" = { type = "text" }) '
        "[undeclared-field]"
    ) in lines


def test_search_any_word_all_words_first_over_body_too(sh) -> None:
    def ids(*words: str) -> list[str]:
        result = sh("snippets", "search", *words)
        assert result.code == 0, result
        return [line.split("\t")[0] for line in result.stdout.splitlines()]

    assert ids("refund", "card")[:3] == [
        "billing/refund-issued",  # refund in id, tags and title, "payment" in the body
        "billing/refund-refused",
        "billing/payment-failed",  # "card" only in the body
    ]
    assert ids("money", "back")[0] == "billing/refund-issued"
    assert ids("angry")[0] == "general/upset-customer"
    assert ids("Password")[0] == "account/password-reset"
    assert ids("chase")[0] == "billing/refund-issued"  # a word only the body has


def test_tags_ignore_case_and_an_unknown_tag_says_so(sh) -> None:
    result = sh("snippets", "list", "--tag", "Refund")
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == [
        "billing/refund-issued",
        "billing/refund-refused",
    ]
    unknown = sh("snippets", "list", "--tag", "refnd")
    assert unknown.code == 2
    assert unknown.stdout == ""
    assert unknown.stderr == "error: no snippet has the tag 'refnd' (did you mean refund?)\n"


def test_editor_completion_turns_a_missing_list_into_one_tab_stop() -> None:
    """The LSP answers the draft's ask with stand-ins; a list's stand-in is one item."""
    from replykit.config import Config
    from replykit.library.snippets import Library, builtin_library
    from replykit.lsp.completion import render_item

    library = Library([builtin_library()])
    item = render_item(
        library.load("general/how-to"),
        library,
        Config(),
        {"customer": {"first_name": "Ana"}},
        with_subject=False,
        snippets_supported=True,
    )
    assert "Here is how to ${1:howto.task}:\n\n1. ${2:howto.steps}\n\nOur help" in item.text
    assert item.missing[:3] == ["howto.task", "howto.steps", "howto.article"]

"""Rule names for ``replykit check``: problems in the snippet library itself."""

from __future__ import annotations

from replykit.models import Severity
from replykit.rules import external_rule

external_rule(
    "front-matter",
    "RK801",
    Severity.ERROR,
    "Snippet front matter: TOML errors, a missing title or subject, unknown keys, a bad tone.",
    bad='+++\ntitel = "Refund"\n+++',
    good='+++\ntitle = "Refund"\nsubject = "Your refund"\n+++',
)
external_rule(
    "template-syntax",
    "RK802",
    Severity.ERROR,
    "A Jinja2 syntax error, at the file's own line.",
    bad="{% if customer.vip %}VIP",
    good="{% if customer.vip %}VIP{% endif %}",
)
external_rule(
    "missing-partial",
    "RK803",
    Severity.ERROR,
    "An include or import of a partial that no library has.",
    bad='{% include "_signatur.txt" %}',
    good='{% include "_signature.txt" %}',
)
external_rule(
    "undefined-variable",
    "RK804",
    Severity.ERROR,
    "A variable the template uses that [example] (plus agent and company) does not "
    "provide: it would fail for a real customer too.",
    bad="{{ ticket.order_id }} with no ticket.order_id in [example]",
    good='[example]\nticket = { order_id = "A-1" }',
)
external_rule(
    "unused-example",
    "RK805",
    Severity.WARNING,
    "An [example] value that no template uses: a renamed or forgotten field.",
    bad='[example]\norder = { number = "A-1" }  # template uses order.id',
    good='[example]\norder = { id = "A-1" }',
)
external_rule(
    "duplicate-id",
    "RK806",
    Severity.ERROR,
    "Two snippets whose ids differ only in case.",
    bad="billing/Refund.txt and billing/refund.txt",
    good="billing/refund.txt",
)
external_rule(
    "render-error",
    "RK807",
    Severity.ERROR,
    "The snippet fails to render with its example values.",
    bad="{{ order.total / 0 }}",
    good="{{ order.total }}",
)
external_rule(
    "unused-field",
    "RK808",
    Severity.WARNING,
    "A field declared in [fields] that no template uses: a renamed or forgotten field.",
    bad='[fields]\n"order.number" = { type = "text" }  # template uses order.id',
    good='[fields]\n"order.id" = { type = "text" }',
)
external_rule(
    "undeclared-field",
    "RK809",
    Severity.WARNING,
    "A snippet with [fields] uses a value it does not declare: it gets no type, prompt "
    "or example when the agent is asked for it.",
    bad='[fields]\n"order.id" = { type = "text" }  # body also uses {{ order.amount }}',
    good='[fields]\n"order.id" = { type = "text" }\n"order.amount" = { type = "text" }',
)
external_rule(
    "link-outside",
    "RK810",
    Severity.ERROR,
    "A symbolic link in the library (a file, a folder or an include) that leads outside "
    "it: drafts refuse to read it, since a shared library must not put other files in a reply.",
    bad="_signature.txt -> /home/sam/.ssh/id_rsa",
    good="_signature.txt as a file inside the library",
)

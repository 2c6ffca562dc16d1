"""Rule names whose findings come from a grammar engine (Harper, built in, or LanguageTool),
registered so they are documented."""

from __future__ import annotations

from replykit.models import Severity
from replykit.rules import external_rule

external_rule(
    "grammar",
    "RK701",
    Severity.WARNING,
    "Grammar problems found by the grammar engine: Harper (built in, offline) or LanguageTool.",
    bad="He go to the store.",
    good="He goes to the store.",
)
external_rule(
    "spelling",
    "RK702",
    Severity.WARNING,
    "Misspellings found by the grammar engine; names, team words and acronyms are known.",
    bad="Your refnud is on its way.",
    good="Your refund is on its way.",
)
external_rule(
    "grammar-unavailable",
    "RK703",
    Severity.WARNING,
    "The grammar engine could not check (Harper not loadable, LanguageTool not answering in "
    "time); an error with --require-grammar.",
    bad="(server stopped)",
    good="(server answering)",
)

"""Rule names whose findings come from LanguageTool, registered so they are documented."""

from __future__ import annotations

from replykit.models import Severity
from replykit.rules import external_rule

external_rule(
    "grammar",
    "RK701",
    Severity.WARNING,
    "Grammar problems found by LanguageTool (needs a server or local install).",
    bad="He go to the store.",
    good="He goes to the store.",
)
external_rule(
    "spelling",
    "RK702",
    Severity.WARNING,
    "Misspellings found by LanguageTool; team words and customer names are known.",
    bad="Your refnud is on its way.",
    good="Your refund is on its way.",
)
external_rule(
    "grammar-unavailable",
    "RK703",
    Severity.WARNING,
    "LanguageTool was configured but did not answer in time; an error with --require-grammar.",
    bad="(server stopped)",
    good="(server answering)",
)

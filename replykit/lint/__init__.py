"""The lint engine: settings (validated once), rules over a reply, batches, fixes.

The names most callers need are importable from here; each lives in one module.
"""

from replykit.lint.batch import BATCH_PARALLEL_MIN, collect_files, lint_files, read_reply
from replykit.lint.engine import (
    customer_names,
    lint_messages,
    lint_text,
    make_finding,
    run_rules,
)
from replykit.lint.fix import fix_text, fixes_for
from replykit.lint.settings import LintSettings, make_settings

__all__ = [
    "BATCH_PARALLEL_MIN",
    "LintSettings",
    "collect_files",
    "customer_names",
    "fix_text",
    "fixes_for",
    "lint_files",
    "lint_messages",
    "lint_text",
    "make_finding",
    "make_settings",
    "read_reply",
    "run_rules",
]

"""Build the data tables into the wheel (replykit/text/tables.py says which and why)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class TablesBuildHook(BuildHookInterface):
    """Writes replykit/_tables (git-ignored) before the wheel or editable install is built."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        sys.path.insert(0, str(root))
        try:
            from replykit.text.tables import build_packaged_tables
        finally:
            sys.path.remove(str(root))
        out = root / "replykit" / "_tables"
        written = build_packaged_tables(out)
        if version == "editable":  # the package is imported from this tree: nothing to add
            return
        for path in written:
            build_data["force_include"][str(path)] = path.relative_to(root).as_posix()

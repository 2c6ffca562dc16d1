"""The settings one lint run works with: built once from the validated config and flags.

Config values were already checked when the config file was read (replykit.config), so
nothing here can meet a bad value from a file; what is checked here are the rule names
given on the command line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from replykit.errors import ReplykitError
from replykit.models import Severity

if TYPE_CHECKING:
    from replykit.config import Config
    from replykit.text.lexicon import Lexicon

TONES = ("casual", "formal")


class LintSettings(NamedTuple):
    """Word lists, thresholds, rules switched off, severities and the run's defaults.

    Immutable, and a NamedTuple rather than a frozen dataclass: see replykit/__main__.py.
    """

    lexicon: Lexicon
    thresholds: Mapping[str, float]
    disabled: frozenset[str] = frozenset()
    severities: Mapping[str, Severity] = MappingProxyType({})
    fail_on: Severity = Severity.ERROR
    min_severity: Severity = Severity.SUGGESTION
    tone: str = "casual"

    def threshold(self, name: str) -> float:
        return self.thresholds[name]


def check_rule_names(names: Iterable[str], where: str) -> None:
    """An unknown rule name is an error that offers the closest known ones."""
    from replykit.rules import all_rules

    known = all_rules()
    for name in names:
        if name not in known:
            from replykit.library.snippets import closest_ids

            close = closest_ids(name, sorted(known))
            hint = f"did you mean {', '.join(close)}?" if close else "see 'replykit rules'"
            raise ReplykitError(f"unknown rule '{name}' in {where}", hint=hint)


def default_thresholds() -> dict[str, Any]:
    """The shipped thresholds (replykit/rules/data/thresholds.toml)."""
    from replykit.text.tables import data_toml

    return dict(data_toml("thresholds.toml"))


def make_settings(
    config: Config,
    *,
    disable: Iterable[str] = (),
    enable: Iterable[str] = (),
    fail_on: str | None = None,
    min_severity: str | None = None,
    tone: str | None = None,
) -> LintSettings:
    """Built-in defaults < config's ``[lint]`` < command-line flags."""
    from replykit.rules import all_rules
    from replykit.text.lexicon import Lexicon

    lint = config.lint
    disable, enable = set(disable), set(enable)
    check_rule_names(disable, "--disable")
    check_rule_names(enable, "--enable")
    thresholds = default_thresholds()
    thresholds.update(lint.get("thresholds", {}))
    severities = {name: Severity.parse(value) for name, value in lint.get("severity", {}).items()}
    config_enabled = set(lint.get("enable", []))
    disabled = (set(lint.get("disable", [])) - config_enabled | disable) - enable
    disabled |= {
        name
        for name, item in all_rules().items()
        if not item.default_enabled and name not in config_enabled | enable
    }
    return LintSettings(
        lexicon=Lexicon(lint.get("words"), config.source_of("lint.words")),
        thresholds=MappingProxyType(thresholds),
        disabled=frozenset(disabled),
        severities=MappingProxyType(severities),
        fail_on=Severity.parse(fail_on or lint.get("fail_on", "error")),
        min_severity=Severity.parse(min_severity or lint.get("min_severity", "suggestion")),
        tone=tone or lint.get("tone", "casual"),
    )

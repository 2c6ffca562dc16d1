"""Find, read, validate and merge settings: every value is checked once, when its file is read.

Layers, later wins: built-in defaults < the user config file < the nearest
``replykit.toml`` from the working directory upward < ``--config FILE`` < flags.
Tables are deep-merged. An unknown key or a bad value is a ConfigError naming the file,
the key and what is allowed, so no command ever meets a bad setting later.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from replykit.errors import ConfigError
from replykit.io.files import load_toml

CONFIG_NAME = "replykit.toml"
APP_NAME = "replykit"
SEVERITIES = ("error", "warning", "suggestion")
TONES = ("casual", "formal")
LANGUAGES = ("en-US", "en-GB", "en-CA", "en-AU", "en-NZ", "en-ZA")
GRAMMAR_ENGINES = ("harper", "languagetool", "off")

Check = Callable[[Any, str, Path], None]  # raises ConfigError for a bad value


def _fail(path: Path, key: str, allowed: str, value: Any) -> ConfigError:
    shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return ConfigError(f"'{key}' must be {allowed}, not {shown}", path=path)


def text(value: Any, key: str, path: Path) -> None:
    if not isinstance(value, str):
        raise _fail(path, key, "a string", value)


def file_path(value: Any, key: str, path: Path) -> None:
    """A path: a string the file system can take (TOML can spell a NUL, no path can)."""
    if not isinstance(value, str) or not value or "\0" in value:
        raise _fail(path, key, "a file path", value)


def flag(value: Any, key: str, path: Path) -> None:
    if not isinstance(value, bool):
        raise _fail(path, key, "true or false", value)


def one_of(*allowed: str) -> Check:
    def check(value: Any, key: str, path: Path) -> None:
        if value not in allowed:
            raise _fail(path, key, "one of " + ", ".join(f'"{a}"' for a in allowed), value)

    return check


def number(*, low: float = 0, high: float = math.inf, whole: bool = False, above: bool = False):
    """A finite number in [low, high] (or (low, high] with ``above``)."""
    kind = "a whole number" if whole else "a number"
    bound = f"more than {low:g}" if above else f"at least {low:g}"
    allowed = f"{kind} {bound}" + (f" and at most {high:g}" if high != math.inf else "")

    def check(value: Any, key: str, path: Path) -> None:
        is_number = isinstance(value, int) or (isinstance(value, float) and not whole)
        if isinstance(value, bool) or not is_number or not math.isfinite(value):
            raise _fail(path, key, allowed, value)
        if value < low or (above and value == low) or value > high:
            raise _fail(path, key, allowed, value)

    return check


def list_of(item: Check, allowed: str = "a list of strings") -> Check:
    def check(value: Any, key: str, path: Path) -> None:
        if not isinstance(value, list):
            raise _fail(path, key, allowed, value)
        for index, element in enumerate(value):
            try:
                item(element, f"{key}[{index}]", path)
            except ConfigError:
                raise _fail(path, key, allowed, value) from None

    return check


def rule_names(value: Any, key: str, path: Path) -> None:
    list_of(text)(value, key, path)
    from replykit.errors import ReplykitError
    from replykit.lint.settings import check_rule_names

    try:
        check_rule_names(value, key)
    except ReplykitError as exc:
        raise ConfigError(exc.message, path=path, hint=exc.hint) from None


def scalar_table(value: Any, key: str, path: Path) -> None:
    """``[agent]``, ``[company]``: names to text or numbers (they fill templates)."""
    if not isinstance(value, dict):
        raise _fail(path, key, "a table", value)
    for name, element in value.items():
        if isinstance(element, bool) or not isinstance(element, str | int | float):
            raise _fail(path, f"{key}.{name}", "a string or a number", element)


def severity_table(value: Any, key: str, path: Path) -> None:
    if not isinstance(value, dict):
        raise _fail(path, key, "a table of rule = severity", value)
    rule_names(list(value), key, path)
    for name, element in value.items():
        one_of(*SEVERITIES)(element, f"{key}.{name}", path)


def thresholds_table(value: Any, key: str, path: Path) -> None:
    from replykit.lint.settings import default_thresholds

    if not isinstance(value, dict):
        raise _fail(path, key, "a table of name = number", value)
    known = default_thresholds()
    for name, element in value.items():
        if name not in known:
            raise ConfigError(
                f"unknown threshold '{key}.{name}'", path=path, hint=f"known: {', '.join(known)}"
            )
        whole = name not in ("reading_ease_min", "grade_max")  # the rest count things
        number(whole=whole, above=name != "exclamation_max")(element, f"{key}.{name}", path)


def words_table(value: Any, key: str, path: Path) -> None:
    """Each list: inline terms, a ``term = suggestion`` table, or a file's path."""
    from replykit.text.lexicon import ALL_LISTS

    if not isinstance(value, dict):
        raise _fail(path, key, "a table of word lists", value)
    allowed = "a list of strings, a table of term = suggestion, or a file path"
    for name, element in value.items():
        where = f"{key}.{name}"
        if name not in ALL_LISTS:
            raise ConfigError(
                f"unknown word list '{where}'",
                path=path,
                hint=f"known lists: {', '.join(ALL_LISTS)}",
            )
        if isinstance(element, dict):
            if not all(isinstance(v, str) for v in element.values()):
                raise _fail(path, where, allowed, element)
        elif isinstance(element, str):
            file_path(element, where, path)
        else:
            list_of(text, allowed)(element, where, path)


def context_map(value: Any, key: str, path: Path) -> None:
    """``[context.map]``: ``"customer.first_name" = "data.user.given_name"``."""
    if not isinstance(value, dict):
        raise _fail(path, key, "a table of field = JSON path", value)
    for name, element in value.items():
        if isinstance(element, dict):
            context_map(element, f"{key}.{name}", path)
        elif not isinstance(element, str) or not element.strip():
            raise _fail(path, f"{key}.{name}", "a dotted path in the context file", element)


def url(value: Any, key: str, path: Path) -> None:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise _fail(path, key, "an http:// or https:// URL", value)


# key -> check, or a nested table of them. Everything a config file may hold.
SCHEMA: dict[str, Any] = {
    "library": list_of(file_path, "a list of folder paths"),
    "agent": scalar_table,
    "company": scalar_table,
    "lint": {
        "disable": rule_names,
        "enable": rule_names,
        "fail_on": one_of(*SEVERITIES),
        "min_severity": one_of(*SEVERITIES),
        "tone": one_of(*TONES),
        "severity": severity_table,
        "thresholds": thresholds_table,
        "words": words_table,
    },
    "context": {"map": context_map},
    "grammar": {
        "engine": one_of(*GRAMMAR_ENGINES),
        "dictionary": file_path,
        "enabled_rules": list_of(text),
        "server": url,
        "path": file_path,
        "language": one_of(*LANGUAGES),
        "disabled_rules": list_of(text),
        "enabled_categories": list_of(text),
        "picky": flag,
        "timeout": number(low=0, high=600, above=True),
        "words": list_of(text),
        "required": flag,
        "cache": flag,
        "parallel": number(low=1, high=64, whole=True),
    },
}


def user_config_path() -> Path:
    """The per-user config file in the platform's config folder."""
    from replykit.io.paths import user_config_dir

    return user_config_dir() / "config.toml"


def find_project_config(start: Path | None = None) -> Path | None:
    """The nearest ``replykit.toml`` from ``start`` (default: cwd) upward."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


class Config:
    """Merged, validated settings plus the files they came from (for messages)."""

    __slots__ = ("data", "files", "sources")  # a plain class: see replykit/__main__.py

    def __init__(
        self,
        data: dict[str, Any] | None = None,
        files: list[Path] | None = None,
        sources: dict[str, Path] | None = None,  # dotted key -> file that set it
    ) -> None:
        self.data = {} if data is None else data
        self.files = [] if files is None else files
        self.sources = {} if sources is None else sources

    @property
    def agent(self) -> dict[str, Any]:
        return self.data.get("agent", {})

    @property
    def company(self) -> dict[str, Any]:
        return self.data.get("company", {})

    @property
    def libraries(self) -> list[Path]:
        return [Path(p) for p in self.data.get("library", [])]

    @property
    def lint(self) -> dict[str, Any]:
        return self.data.get("lint", {})

    @property
    def context_map(self) -> dict[str, str]:
        """``[context.map]`` flattened: field path -> path in a context file."""
        from replykit.library.fields import leaves

        return dict(leaves(self.data.get("context", {}).get("map", {})))

    @property
    def grammar(self) -> dict[str, Any]:
        return self.data.get("grammar", {})

    def source_of(self, key: str) -> Path | None:
        """The file that set ``key`` (or the last one read)."""
        return self.sources.get(key) or (self.files[-1] if self.files else None)

    def describe_sources(self) -> str:
        return ", ".join(p.name for p in self.files) if self.files else "no config file"


def validate(
    data: dict[str, Any], path: Path, schema: dict[str, Any] = SCHEMA, prefix: str = ""
) -> None:
    """Reject unknown keys and bad values, naming the file, the key and what is allowed."""
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if key not in schema:
            known = ", ".join(sorted(schema))
            raise ConfigError(
                f"unknown config key '{dotted}'", path=path, hint=f"known keys here: {known}"
            )
        expected = schema[key]
        if isinstance(expected, dict):
            if not isinstance(value, dict):
                raise _fail(path, dotted, "a table", value)
            validate(value, path, expected, prefix=f"{dotted}.")
        else:
            expected(value, dotted, path)


def _dotted_keys(data: dict[str, Any], prefix: str = "") -> list[str]:
    keys = []
    for key, value in data.items():
        keys.append(f"{prefix}{key}")
        if isinstance(value, dict) and prefix.count(".") < 1:
            keys.extend(_dotted_keys(value, f"{prefix}{key}."))
    return keys


def _resolve_paths(data: dict[str, Any], base: Path) -> dict[str, Any]:
    """Paths in a config file are relative to that file's folder."""
    if "library" in data:
        data["library"] = [str((base / Path(p).expanduser()).resolve()) for p in data["library"]]
    words = data.get("lint", {}).get("words", {})
    for name, value in words.items():
        if isinstance(value, str):
            words[name] = str((base / Path(value).expanduser()).resolve())
    grammar = data.get("grammar", {})
    for key in ("path", "dictionary"):
        if isinstance(grammar.get(key), str):
            grammar[key] = str((base / Path(grammar[key]).expanduser()).resolve())
    return data


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_config_file(path: Path) -> dict[str, Any]:
    data = load_toml(path, what="config file")
    validate(data, path)
    return _resolve_paths(data, path.parent.resolve())


def load_config(explicit: str | Path | None = None, *, cwd: Path | None = None) -> Config:
    """Merge the user config, the nearest project config and ``--config``."""
    config = Config()
    candidates: list[Path] = []
    user = user_config_path()
    if user.is_file():
        candidates.append(user)
    project = find_project_config(cwd)
    if project is not None and project.resolve() != user.resolve():
        candidates.append(project)
    if explicit is not None:
        path = Path(explicit)
        if path.is_dir():
            raise ConfigError(
                "is a folder, not a config file",
                path=path,
                hint=f"give the file itself, e.g. {path / CONFIG_NAME}",
            )
        if not path.is_file():
            raise ConfigError(
                "config file not found",
                path=path,
                hint="check the --config path, or run replykit init",
            )
        candidates.append(path)
    for path in candidates:
        data = read_config_file(path)
        config.data = deep_merge(config.data, data)
        config.files.append(path)
        config.sources.update(dict.fromkeys(_dotted_keys(data), path))
    return config


def starter_config(
    *, agent_name: str, agent_role: str, agent_email: str, company_name: str, support_url: str
) -> str:
    """What ``replykit init`` writes: the agent and company, and the lint defaults."""
    import tomli_w

    data = {
        "agent": {"name": agent_name, "role": agent_role, "email": agent_email},
        "company": {"name": company_name, "support_url": support_url},
        "lint": {"disable": [], "fail_on": "error"},
    }
    return tomli_w.dumps(data)

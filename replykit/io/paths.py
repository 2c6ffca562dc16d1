"""Where replykit keeps things: the user's config and cache folders, the packaged data.

Written out here rather than taken from platformdirs: it is a dozen lines, and the import
alone cost an editor key 5 ms on every run.
"""

import os
import sys
from pathlib import Path

APP_NAME = "replykit"
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def user_config_dir() -> Path:
    """``$REPLYKIT_CONFIG_HOME``, else the platform's per-user config folder."""
    override = os.environ.get("REPLYKIT_CONFIG_HOME")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / APP_NAME


def user_cache_dir() -> Path:
    """``$REPLYKIT_CACHE_DIR``, else the platform's per-user cache folder."""
    override = os.environ.get("REPLYKIT_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
        return Path(local) / APP_NAME / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP_NAME
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / APP_NAME


def user_state_dir() -> Path:
    """``$REPLYKIT_STATE_DIR``, else the platform's per-user state folder (the cache's key)."""
    override = os.environ.get("REPLYKIT_STATE_DIR")
    if override:
        return Path(override)
    if sys.platform in ("win32", "darwin"):
        return user_config_dir()
    return Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / APP_NAME


def data_file(name: str) -> Path:
    """A file from the packaged ``rules/data`` folder."""
    return PACKAGE_DIR / "rules" / "data" / name

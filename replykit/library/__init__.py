"""Snippet libraries: finding, rendering and checking snippets (Jinja2 templates).

Every module here imports jinja2, which imports ``hashlib`` for a bytecode cache that
replykit never sets up. hashlib's OpenSSL backend maps libcrypto: 3.4 MiB of a draft's
30 MiB peak (measured with ``/usr/bin/time -f %M``). When nothing has loaded hashlib
yet, it is loaded here on Python's own SHA, MD5 and BLAKE2 builtins, which give the same
digests; a later ``import _hashlib`` (hmac, for the signed cache) works as usual.
"""

import sys


def _hashlib_without_openssl() -> None:
    if "hashlib" in sys.modules or "_hashlib" in sys.modules:
        return
    sys.modules["_hashlib"] = None  # type: ignore[assignment]  # import fails: builtins
    try:
        import hashlib  # noqa: F401
    finally:
        del sys.modules["_hashlib"]


_hashlib_without_openssl()

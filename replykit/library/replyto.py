"""Replying to a customer's email: their message fills the values, the reply threads.

``message_values`` is the one place that reads a message (the standard library's email
parser), so it can move next to the other mail parsing in ``replykit.text`` later.
"""

from __future__ import annotations

import contextlib
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, getaddresses, make_msgid, parsedate_to_datetime
from typing import Any

from replykit.errors import InputError
from replykit.io.files import STDIN, STDIN_LABEL

_MBOX_SEPARATOR = re.compile(rb"^From [^\n]*\n", re.MULTILINE)


def read_message_bytes(path: str) -> tuple[bytes, str]:
    """The raw bytes of ``path`` (``-`` is stdin) and a label for messages."""
    import sys
    from pathlib import Path

    if path == STDIN:
        return sys.stdin.buffer.read(), STDIN_LABEL
    try:
        return Path(path).read_bytes(), path
    except OSError as exc:
        raise InputError(
            f"cannot read this message: {exc.strerror}", path=path, hint="give an .eml file"
        ) from None


def message_values(data: bytes, label: str) -> dict[str, Any]:
    """``customer.*`` and ``message.*`` from an email (.eml), or the last one of an mbox."""
    if data.startswith(b"From "):  # mbox: messages start with a "From " line; take the last
        parts = [p for p in _MBOX_SEPARATOR.split(data) if p.strip()]
        if not parts:
            raise InputError("an empty mbox", path=label, hint="give a file with a message")
        data = re.sub(rb"(?m)^>(>*From )", rb"\1", parts[-1])
    message = BytesParser(policy=policy.default).parsebytes(data)
    senders = getaddresses([str(message.get("From", ""))])
    name, address = senders[0] if senders else ("", "")
    if not address or "@" not in address:
        raise InputError(
            "this does not look like an email: it has no From address",
            path=label,
            hint="give the customer's message as an .eml file or an mbox",
        )
    from replykit.library.helpdesk import split_name

    customer: dict[str, Any] = {"email": address}
    if name.strip():
        first, last = split_name(name)
        customer.update(name=f"{first} {last}".strip(), first_name=first)
        if last:
            customer["last_name"] = last
    found: dict[str, Any] = {
        "subject": " ".join(str(message.get("Subject", "")).split()),
        "id": str(message.get("Message-ID", "")).strip(),
        "references": " ".join(str(message.get("References", "")).split()),
    }
    reply_to = getaddresses([str(message.get("Reply-To", ""))])
    if reply_to and reply_to[0][1]:
        found["reply_to"] = reply_to[0][1]
    if message.get("Date"):
        with contextlib.suppress(TypeError, ValueError):  # an unreadable date is left out
            found["date"] = parsedate_to_datetime(str(message["Date"]))
    return {"customer": customer, "message": {k: v for k, v in found.items() if v}}


def reply_subject(their_subject: str) -> str:
    """``Re: <their subject>``, without stacking a second ``Re:``."""
    if re.match(r"(?i)^\s*re\s*:", their_subject):
        return their_subject.strip()
    return f"Re: {their_subject.strip()}"


def reply_eml(subject: str, body: str, values: dict[str, Any]) -> str:
    """A reply a mail client can send: From the agent, To the customer, threaded."""
    message = EmailMessage(policy=policy.default)
    agent, customer = values.get("agent", {}), values.get("customer", {})
    original = values.get("message", {})
    if agent.get("email"):
        message["From"] = _address(agent.get("name", ""), agent["email"])
    to = original.get("reply_to") or customer.get("email")
    if to:
        message["To"] = _address(
            customer.get("name", "") if to == customer.get("email") else "", to
        )
    message["Subject"] = subject
    message["Date"] = format_datetime(_now())
    domain = str(agent.get("email", "")).rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    if original.get("id"):
        message["In-Reply-To"] = original["id"]
        message["References"] = " ".join(
            part for part in (original.get("references", ""), original["id"]) if part
        )
    message.set_content(body, cte="7bit" if body.isascii() else "8bit")  # readable as is
    return message.as_string()


def _address(name: str, email: str) -> str:
    from email.headerregistry import Address

    user, _, domain = email.partition("@")
    return str(Address(display_name=name, username=user, domain=domain))


def _now() -> Any:
    import datetime as dt

    return dt.datetime.now(dt.UTC).astimezone()

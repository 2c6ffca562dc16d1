"""Help-desk ticket JSON as template values: the agent never retypes what the ticket holds.

Recognised shapes, as the desks document them:

- Zendesk, Show Ticket with ``?include=users``: ``{"ticket": {...}, "users": [...]}``;
  the requester is the user whose id is ``ticket.requester_id``.
- Freshdesk, View a Ticket with ``?include=requester``: the ticket object with an
  embedded ``"requester": {"name", "email", ...}``; ``status`` is a number.
- Help Scout, Get Conversation (Mailbox API 2.0): ``primaryCustomer`` with
  ``first``/``last``/``email``; the conversation ``number`` is what customers see.

The requester becomes ``customer.*`` (first name split from the full name where the desk
has only one); the ticket id, subject and status become ``ticket.*``. Everything else in
the file stays reachable under its own keys. Any other shape can be mapped with a
``[context.map]`` table in config.
"""

from __future__ import annotations

from typing import Any

from replykit.errors import InputError

# Freshdesk's documented status numbers.
FRESHDESK_STATUS = {2: "open", 3: "pending", 4: "resolved", 5: "closed"}


def split_name(full: str) -> tuple[str, str]:
    """``"Ana Silva"`` -> ("Ana", "Silva"); ``"Silva, Ana"`` -> ("Ana", "Silva")."""
    full = " ".join(str(full).split())
    if "," in full:
        last, _, first = full.partition(",")
        return first.strip(), last.strip()
    first, _, last = full.partition(" ")
    return first, last


def _person(name: str | None, email: str | None) -> dict[str, Any]:
    customer: dict[str, Any] = {}
    if name:
        first, last = split_name(name)
        customer.update(name=f"{first} {last}".strip(), first_name=first)  # "Silva, Ana" too
        if last:
            customer["last_name"] = last
    if email:
        customer["email"] = email
    return customer


def _ticket(ticket_id: Any, subject: Any, status: Any) -> dict[str, Any]:
    found = {"id": ticket_id, "subject": subject, "status": status}
    return {k: str(v) for k, v in found.items() if v not in (None, "")}


def zendesk(data: dict[str, Any]) -> dict[str, Any] | None:
    ticket = data.get("ticket")
    users = data.get("users")
    if not isinstance(ticket, dict) or "requester_id" not in ticket or not isinstance(users, list):
        return None
    requester = next(
        (u for u in users if isinstance(u, dict) and u.get("id") == ticket["requester_id"]), {}
    )
    return {
        "customer": _person(requester.get("name"), requester.get("email")),
        "ticket": _ticket(ticket.get("id"), ticket.get("subject"), ticket.get("status")),
    }


def freshdesk(data: dict[str, Any]) -> dict[str, Any] | None:
    requester = data.get("requester")
    if not isinstance(requester, dict) or "requester_id" not in data:
        return None
    status = data.get("status")
    return {
        "customer": _person(requester.get("name"), requester.get("email")),
        "ticket": _ticket(
            data.get("id"), data.get("subject"), FRESHDESK_STATUS.get(status, status)
        ),
    }


def helpscout(data: dict[str, Any]) -> dict[str, Any] | None:
    person = data.get("primaryCustomer")
    if not isinstance(person, dict) or "number" not in data:
        return None
    first, last = person.get("first") or "", person.get("last") or ""
    customer = _person(f"{first} {last}".strip(), person.get("email"))
    if first:  # the desk has both names: no splitting needed
        customer["first_name"] = first
        customer.pop("last_name", None)
        if last:
            customer["last_name"] = last
    return {
        "customer": customer,
        "ticket": _ticket(data.get("number"), data.get("subject"), data.get("status")),
    }


DESKS = (("Zendesk", zendesk), ("Freshdesk", freshdesk), ("Help Scout", helpscout))


def recognise(data: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """(desk name, values) for a known ticket shape; (None, {}) for anything else."""
    for name, mapper in DESKS:
        values = mapper(data)
        if values is not None:
            return name, {k: v for k, v in values.items() if v}
    return None, {}


def _lookup(data: Any, dotted: str) -> Any:
    current = data
    for part in dotted.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return None
    return current


def apply_map(data: dict[str, Any], mapping: dict[str, str], label: str) -> dict[str, Any]:
    """Values for ``[context.map]``: each field path from a dotted path in ``data``."""
    from replykit.library.fields import set_path

    values: dict[str, Any] = {}
    for target, source in mapping.items():
        found = _lookup(data, source)
        if found is None:
            continue
        if isinstance(found, dict):
            raise InputError(
                f"[context.map] {target} = {source!r} points at a table, not a value",
                path=label,
                hint="map it to a value inside that table",
            )
        values = set_path(values, target, found)
    return values

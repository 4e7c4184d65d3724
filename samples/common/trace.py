"""W3C trace context (traceparent) helpers: the request id ucheck reads from every message."""
import re
import secrets

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")


def new_traceparent():
    """A traceparent for a new trace."""
    return f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01"


def incoming_traceparent(header):
    """The incoming header if it is a valid traceparent, else a new trace."""
    if header and _TRACEPARENT.match(header.strip().lower()):
        return header.strip().lower()
    return new_traceparent()


def child_traceparent(parent):
    """Same trace id as parent, new parent span id: what a service sends on each call it makes."""
    match = _TRACEPARENT.match(parent)
    return f"00-{match.group(1)}-{secrets.token_hex(8)}-{match.group(3)}"


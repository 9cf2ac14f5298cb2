"""The workbench's door: who may talk to it and which files it may touch.

A local server is reachable by every web page the user visits (a page can post a form to
``http://127.0.0.1:PORT``) and, through DNS rebinding, by a foreign host name that resolves to
127.0.0.1. So every request must name this server in its ``Host`` header, every state-changing
request must come from this server's own pages (``Origin``, or ``Referer`` where a browser sends
no ``Origin``; a request with neither is refused), bodies are limited in size, and every file
path is resolved inside the folder the user opened.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_BODY_BYTES = 1_000_000  # a scenario form is a few kB; a scenario file rarely 50 kB

# No inline script or style anywhere: htmx's own indicator styles are switched off in the page's
# htmx-config meta tag, and its eval paths are disabled there too (allowEval: false).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


class OutsideFolder(ValueError):
    """A requested path does not lie inside the opened folder."""


def resolve_inside(root: Path, relative: str, *, suffixes: Iterable[str] | None = None) -> Path:
    """The file ``relative`` inside ``root``, or :class:`OutsideFolder`.

    Refuses absolute paths, ``..`` segments, backslashes, NUL bytes, and any path whose fully
    resolved form (symlinks followed) leaves ``root``. With ``suffixes``, only those file kinds.
    """
    if not relative or "\x00" in relative or "\\" in relative:
        raise OutsideFolder(relative)
    pure = PurePosixPath(relative)
    if not pure.parts or pure.is_absolute() or ".." in pure.parts or ":" in pure.parts[0]:
        raise OutsideFolder(relative)
    base = root.resolve()
    target = (base / pure).resolve()
    if not target.is_relative_to(base):
        raise OutsideFolder(relative)
    if suffixes is not None and target.suffix.lower() not in set(suffixes):
        raise OutsideFolder(relative)
    return target


class Guard:
    """ASGI middleware: host and origin checks, body limit, security headers.

    Parameters
    ----------
    app
        The ASGI application to protect.
    hosts
        The accepted ``Host`` header values, e.g. ``{"127.0.0.1:8765", "localhost:8765"}``.
    max_body
        The largest accepted request body [bytes].
    """

    def __init__(self, app, *, hosts: Iterable[str], max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)
        self.max_body = max_body

    def allows(self, headers: dict[bytes, bytes], method: str) -> int | None:
        """``None`` when the request may pass, else the HTTP status to refuse it with."""
        host = headers.get(b"host", b"").decode("latin-1").lower()
        if host not in self.hosts:
            return 403
        if method not in SAFE_METHODS:
            origin = headers.get(b"origin")
            if origin is not None:
                if origin.decode("latin-1").lower() not in {f"http://{h}" for h in self.hosts}:
                    return 403
            else:
                referer = headers.get(b"referer")
                if referer is None:
                    return 403
                parts = urlsplit(referer.decode("latin-1"))
                if parts.scheme != "http" or parts.netloc.lower() not in self.hosts:
                    return 403
        length = headers.get(b"content-length")
        if length is not None:
            try:
                if int(length) > self.max_body:
                    return 413
            except ValueError:
                return 400
        return None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        status = self.allows(headers, scope["method"])
        if status is not None:
            return await _plain(send, status)

        # The whole body is read (up to the limit) before any route sees it, so an oversize
        # body without a Content-Length (chunked) is refused as cleanly as one with it.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            received += len(chunks[-1])
            if received > self.max_body:
                return await _plain(send, 413)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, replay, send_with_headers)


async def _plain(send, status: int) -> None:
    body = {400: b"Bad Request", 403: b"Forbidden", 413: b"Payload Too Large"}[status]
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *SECURITY_HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})

"""``sekalk app``: a local web workbench for applicants and evaluators.

A face like the terminal and the HTML report: it reads scenario files with the public API,
simulates, and renders pages in the user's language. It listens on 127.0.0.1 only and touches
no file outside the folder it was opened on (see :mod:`sekalk.app.security`).
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import webbrowser
from pathlib import Path

HOST = "127.0.0.1"


def free_socket(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:``port`` (0: any free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sock.listen(64)
    return sock


def serve(
    root: str | os.PathLike,
    *,
    port: int = 8765,
    lang: str = "sv",
    open_browser: bool = True,
    announce=print,
) -> None:
    """Serve the workbench for the folder ``root`` until SIGINT or SIGTERM.

    ``port=0`` picks a free port; the URL is passed to ``announce`` before serving starts.
    """
    import uvicorn

    from sekalk.app.server import create_app
    from sekalk.report.i18n import t

    sock = free_socket(port)
    actual = sock.getsockname()[1]
    app = create_app(Path(root), lang=lang, port=actual)
    url = f"http://{HOST}:{actual}/?lang={lang}"
    announce(t("app.cli.listening", lang, url=url, folder=str(Path(root).resolve())))
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(app, log_level="warning", lifespan="off", server_header=False)
    # uvicorn handles SIGINT and SIGTERM while it serves (it stops accepting and finishes the
    # requests under way), then raises the signal again for the handlers it found: these end
    # the process as a normal stop, not as an interruption.
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, _stop)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except _Stopped:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class _Stopped(Exception):
    """Ctrl-C or SIGTERM after the server has shut down."""


def _stop(signum, frame) -> None:
    raise _Stopped

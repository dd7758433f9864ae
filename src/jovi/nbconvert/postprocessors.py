"""Post-processors: what happens to a written output (``--post serve``).

:class:`ServePostProcessor` serves the output's directory over HTTP on the loopback
interface — slides need a web server for reveal.js's speaker notes and for some
browsers' rules about local files — and opens it in a browser, until Ctrl-C.
"""

from __future__ import annotations

import errno
import functools
import webbrowser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jovi.config import Bool, Configurable, Int, Str
from jovi.errors import ConversionError
from jovi.utils.log import get_logger
from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["PostProcessor", "ServePostProcessor"]

log = get_logger("jovi.nbconvert")


class PostProcessor(Configurable):
    """Does something with a written output file."""

    def postprocess(self, path: str) -> None:
        raise NotImplementedError


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        log.debug("serve: " + format, *args)


class ServePostProcessor(PostProcessor):
    """Serves the output on ``http://127.0.0.1:8000/`` and opens it in a browser."""

    ip = Str("127.0.0.1", help="The address to serve on (loopback by default).")
    port = Int(8000, min=0, max=65535, help="The port to serve on (0: any free port).")
    port_retries = Int(50, min=0, help="How many following ports to try when the port is in use.")
    open_in_browser = Bool(True, help="Open the served page in the web browser.")
    browser = Str(
        "", help="The browser to open it in (a name webbrowser knows); empty: the default."
    )

    def bind(self, directory: Path) -> ThreadingHTTPServer:
        """A server for ``directory`` on the first free port from ``port`` on."""
        handler: Callable[..., _QuietHandler] = functools.partial(
            _QuietHandler, directory=str(directory)
        )
        last: OSError | None = None
        tries = 1 if self.port == 0 else self.port_retries + 1
        for offset in range(tries):
            try:
                return ThreadingHTTPServer(
                    (self.ip, self.port + offset if self.port else 0), handler
                )
            except OSError as error:
                if error.errno != errno.EADDRINUSE:
                    raise ConversionError(
                        f"cannot serve on {self.ip}: {error.strerror or error}"
                    ) from None
                last = error
        raise ConversionError(
            f"the ports {self.port} to {self.port + tries - 1} are all in use ({last}); "
            "choose another with --ServePostProcessor.port=N"
        )

    def postprocess(self, path: str) -> None:
        target = Path(path)
        server = self.bind(target.parent.absolute())
        host, port = server.server_address[:2]
        url = f"http://{host!s}:{port}/{quote(target.name)}"
        print(f"Serving {target.name} at {url}", flush=True)  # noqa: T201 - what the user waits for
        print("Press Ctrl-C to stop.", flush=True)  # noqa: T201
        openers = OwnedThreads("the served page")
        if self.open_in_browser:
            openers.start(self._open, url, name="jovi-open-browser")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\nStopped serving.", flush=True)  # noqa: T201
        finally:
            server.server_close()
            openers.join(10)

    def _open(self, url: str) -> None:
        try:
            webbrowser.get(self.browser or None).open(url, new=2)
        except webbrowser.Error as error:
            log.warning("could not open a browser (%s); open %s yourself", error, url)

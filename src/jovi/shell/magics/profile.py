"""``%profile``: which profile the session uses."""

from __future__ import annotations

from jovi.config.profiles import ProfileDir
from jovi.shell.magic.core import Magics, line_magic, magics_class

__all__ = ["ProfileMagics"]


@magics_class
class ProfileMagics(Magics):
    """The session's profile."""

    @line_magic
    def profile(self, parameter_s: str = "") -> None:
        """Print the name of the active profile (``default`` unless ``--profile`` chose another).

        Its directory holds the configuration, the history and the ``%store`` database;
        ``jovi profile locate NAME`` prints it.
        """
        self.shell.output.write(ProfileDir.for_location(self.shell.profile_dir).name + "\n")

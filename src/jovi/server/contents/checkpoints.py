"""Checkpoints: one saved copy per file, to go back to (Jupyter's ``FileCheckpoints``).

The checkpoint of ``dir/name.ext`` is ``dir/.ipynb_checkpoints/name-checkpoint.ext``,
where Jupyter keeps it, so a notebook's checkpoint made by Jupyter is jovi's and the
other way round.  Each file has at most one, with the id ``"checkpoint"``.  Copies
are written atomically: a crash while checkpointing leaves the previous checkpoint.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from typing import TYPE_CHECKING, Final

from jovi.errors import ServerError
from jovi.server.contents.times import iso_utc
from jovi.utils.atomic import atomic_write

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["CHECKPOINT_DIR", "CHECKPOINT_ID", "FileCheckpoints"]

CHECKPOINT_DIR: Final = ".ipynb_checkpoints"
CHECKPOINT_ID: Final = "checkpoint"


class FileCheckpoints:
    """The checkpoints of the files under one root (file system paths in, models out)."""

    @staticmethod
    def location(target: Path) -> Path:
        """Where the checkpoint of ``target`` is kept."""
        stem, extension = os.path.splitext(target.name)  # noqa: PTH122 - Jupyter's rule exactly
        return target.parent / CHECKPOINT_DIR / f"{stem}-{CHECKPOINT_ID}{extension}"

    def create(self, target: Path) -> dict[str, str]:
        """Copy ``target`` to its checkpoint; the checkpoint's model."""
        checkpoint = self.location(target)
        checkpoint.parent.mkdir(exist_ok=True)
        atomic_write(checkpoint, target.read_bytes())
        return self._model(checkpoint)

    def list(self, target: Path) -> list[dict[str, str]]:
        """The checkpoints of ``target``: none, or its one."""
        checkpoint = self.location(target)
        return [self._model(checkpoint)] if checkpoint.is_file() else []

    def restore(self, target: Path, checkpoint_id: str) -> None:
        """Put the checkpoint's content back into ``target`` (atomically)."""
        checkpoint = self._existing(target, checkpoint_id)
        atomic_write(target, checkpoint.read_bytes())

    def delete(self, target: Path, checkpoint_id: str) -> None:
        self._existing(target, checkpoint_id).unlink()

    def rename(self, old: Path, new: Path) -> None:
        """Move the checkpoint of ``old`` along with it (if it has one)."""
        checkpoint = self.location(old)
        if checkpoint.is_file():
            moved = self.location(new)
            moved.parent.mkdir(exist_ok=True)
            checkpoint.replace(moved)

    def delete_all(self, target: Path) -> None:
        """Forget the checkpoint of ``target`` (it was deleted)."""
        with contextlib.suppress(FileNotFoundError):
            self.location(target).unlink()

    @staticmethod
    def remove_empty_directory(directory: Path) -> None:
        """Remove ``directory``'s checkpoint folder if it holds nothing else (before
        ``directory`` itself is removed)."""
        folder = directory / CHECKPOINT_DIR
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)

    def _existing(self, target: Path, checkpoint_id: str) -> Path:
        checkpoint = self.location(target)
        if checkpoint_id != CHECKPOINT_ID or not checkpoint.is_file():
            raise ServerError(
                404, f"{target.name!r} has no checkpoint {checkpoint_id!r}.", reason="no checkpoint"
            )
        return checkpoint

    @staticmethod
    def _model(checkpoint: Path) -> dict[str, str]:
        return {"id": CHECKPOINT_ID, "last_modified": iso_utc(checkpoint.stat().st_mtime)}

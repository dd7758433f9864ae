"""The contents manager: files, directories and notebooks under the server's root.

It answers what ``/api/contents`` asks, with Jupyter Server's models (see
docs/server.md), and keeps the promises a user's work depends on:

* every save is atomic and writes through symbolic links, keeping the file's mode
  (:mod:`jovi.utils.atomic`): a crash or a kill leaves the old file or the new one;
* a save that says what it was based on (``last_modified`` or ``hash`` of the file
  as the client read it) is refused with 409 when the file changed on disk since, and
  the answer says when; the client decides (send again without them to overwrite);
* a notebook the client sends is saved even when it is invalid (the model says why),
  never dropped; a notebook read from disk is read leniently (what is broken is
  repaired in the answer and named in its ``message``, the file stays as it is);
* an upload in chunks goes to a hidden file beside the target and replaces it only
  when the last chunk arrives;
* nothing outside the root is read or written (:mod:`jovi.server.contents.root`),
  renaming never overwrites, a directory with files in it is not deleted.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import mimetypes
import os
import stat
from typing import TYPE_CHECKING, Any, Final, Protocol

from jovi.errors import NotebookError, NotebookValidationError, ServerError
from jovi.server.contents.checkpoints import FileCheckpoints
from jovi.server.contents.names import copy_name, untitled_name
from jovi.server.contents.root import ContentsRoot, join_api_path, split_api_path
from jovi.server.contents.times import iso_utc, parse_iso
from jovi.utils.atomic import atomic_write
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from jovi.nbformat import Notebook

__all__ = ["HIDDEN_BY_DEFAULT", "ContentsManager", "Model", "TrustStore"]

log = get_logger("jovi.server")

Model = dict[str, Any]
"""A contents model, as JSON."""


class TrustStore(Protocol):
    """What trusts notebooks (``jovi.lib.notary.Notary``, wired in by the command)."""

    def check_signature(self, nb: Notebook | dict[str, Any]) -> bool: ...

    def sign(self, nb: Notebook, path: str = "") -> str: ...


HIDDEN_BY_DEFAULT: Final = (
    "__pycache__",
    "*.pyc",
    "*.pyo",
    ".DS_Store",
    "*~",
    "*.so",
    "*.dylib",
)
"""Names left out of directory listings (Jupyter's ``hide_globs``)."""

_HASH_ALGORITHM: Final = "sha256"
_CLOCK_SLACK_S: Final = 0.001  # a browser's Date keeps milliseconds only
_TEXT_FORMATS: Final = ("text", "base64")


class ContentsManager:
    """Files, directories and notebooks under ``root``, as contents models.

    Args:
        root: Where the files are.
        notary: Signs the notebooks a client saves as trusted, and says whether a
            notebook read is trusted; None: every notebook is untrusted.
        allow_hidden: Serve hidden files and directories too.
        hide_globs: Names left out of listings.
        checkpoints: Where copies to go back to are kept.
        delete_to_trash: Deleting moves to the user's trash (:mod:`.trash`), where the
            desktop can restore from; a file that cannot be trashed is deleted, with a
            warning in the log, as Jupyter Server does.
    """

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        notary: TrustStore | None = None,
        allow_hidden: bool = False,
        hide_globs: tuple[str, ...] = HIDDEN_BY_DEFAULT,
        checkpoints: FileCheckpoints | None = None,
        delete_to_trash: bool = True,
    ) -> None:
        self.root = ContentsRoot(root, allow_hidden=allow_hidden)
        self.notary = notary
        self.hide_globs = hide_globs
        self.checkpoints = checkpoints if checkpoints is not None else FileCheckpoints()
        self.delete_to_trash = delete_to_trash

    # ------------------------------------------------------------------ reading

    def exists(self, path: str) -> bool:
        try:
            target = self.root.resolve(path)
        except ServerError:
            return False
        return target.exists()

    def dir_exists(self, path: str) -> bool:
        try:
            return self.root.resolve(path).is_dir()
        except ServerError:
            return False

    def get(
        self,
        path: str,
        *,
        content: bool = True,
        type: str | None = None,  # noqa: A002 - the API's own name
        format: str | None = None,  # noqa: A002 - the API's own name
        require_hash: bool = False,
    ) -> Model:
        """The model of ``path``, with its content unless ``content`` is False.

        Raises:
            ServerError: 404 missing (or refused); 400 ``type`` or ``format`` cannot be
                met (reason ``bad type`` or ``bad format``).
        """
        api_path = self.root.normalize(path)
        target = self.root.resolve(api_path, must_exist=True)
        if format not in (None, *_TEXT_FORMATS):
            raise ServerError(400, f"Format {format!r} is not text or base64.", reason="bad format")
        if target.is_dir():
            if type not in (None, "directory"):
                raise ServerError(
                    400, f"{api_path!r} is a directory, not a {type}.", reason="bad type"
                )
            return self._directory_model(api_path, target, content=content)
        if not target.is_file():
            raise ServerError(404, f"{api_path!r} is not a regular file.")
        if type == "directory":
            raise ServerError(400, f"{api_path!r} is not a directory.", reason="bad type")
        if type == "notebook" or (type is None and api_path.endswith(".ipynb")):
            return self._notebook_model(
                api_path, target, content=content, require_hash=require_hash
            )
        return self._file_model(
            api_path, target, content=content, format=format, require_hash=require_hash
        )

    def _base_model(self, api_path: str, target: Path, kind: str) -> Model:
        info = target.stat()
        return {
            "name": split_api_path(api_path)[1],
            "path": api_path,
            "type": kind,
            "created": iso_utc(_created(info)),
            "last_modified": iso_utc(info.st_mtime),
            "content": None,
            "format": None,
            "mimetype": None,
            "size": info.st_size if kind != "directory" else None,
            "writable": os.access(target, os.W_OK),
            "hash": None,
            "hash_algorithm": None,
        }

    def _directory_model(self, api_path: str, target: Path, *, content: bool) -> Model:
        model = self._base_model(api_path, target, "directory")
        if content:
            model["content"] = self._listing(api_path, target)
            model["format"] = "json"
        return model

    def _listing(self, api_path: str, target: Path) -> list[Model]:
        import fnmatch  # noqa: PLC0415 - listings only

        listing: list[Model] = []
        for entry in sorted(os.scandir(target), key=lambda entry: entry.name):
            name = entry.name
            if any(fnmatch.fnmatch(name, pattern) for pattern in self.hide_globs):
                continue
            child = join_api_path(api_path, name)
            try:
                listing.append(self.get(child, content=False))
            except (ServerError, OSError):
                continue  # hidden, a broken link, a link out of the root, a FIFO...
        return listing

    def _file_model(
        self,
        api_path: str,
        target: Path,
        *,
        content: bool,
        format: str | None,  # noqa: A002 - the API's own name
        require_hash: bool,
    ) -> Model:
        model = self._base_model(api_path, target, "file")
        model["mimetype"] = mimetypes.guess_type(api_path)[0]
        data: bytes | None = None
        if content:
            data = target.read_bytes()
            model["content"], model["format"] = _file_content(api_path, data, format)
            if model["mimetype"] is None:
                text = model["format"] == "text"
                model["mimetype"] = "text/plain" if text else "application/octet-stream"
        if require_hash:
            model.update(_hash(data if data is not None else target.read_bytes()))
        return model

    def _notebook_model(
        self, api_path: str, target: Path, *, content: bool, require_hash: bool
    ) -> Model:
        model = self._base_model(api_path, target, "notebook")
        data: bytes | None = None
        if content:
            from jovi.nbformat.ipynb import reads_lenient_json  # noqa: PLC0415 - notebooks only

            data = target.read_bytes()
            try:
                notebook, changes = reads_lenient_json(data, upgrade=False, filename=api_path)
            except NotebookError as error:
                raise ServerError(400, f"Unreadable notebook {api_path!r}: {error}") from None
            _mark_trust(notebook, self._trusted(notebook))  # signed before it is marked
            model["content"] = notebook
            model["format"] = "json"
            if changes:
                model["message"] = "Notebook repaired on reading: " + "; ".join(changes)
        if require_hash:
            model.update(_hash(data if data is not None else target.read_bytes()))
        return model

    def _trusted(self, notebook: dict[str, Any]) -> bool:
        return self.notary is not None and self.notary.check_signature(notebook)

    # ------------------------------------------------------------------ writing

    def save(self, model: Model, path: str) -> Model:
        """Write ``model`` at ``path``; the new model, without content.

        ``model`` holds ``type`` and, except for a directory, ``content`` (with
        ``format`` for a file: ``text`` or ``base64``); optionally ``chunk`` (1, 2...,
        -1 for the last) for an upload in parts, and ``last_modified`` or ``hash``
        of the file the client's content is based on.

        Raises:
            ServerError: 400 a bad model or a refused name, 404 no such directory,
                409 the file changed on disk since the client read it.
        """
        api_path = self.root.normalize(path)
        if not api_path:
            raise ServerError(400, "The root directory cannot be saved over.")
        kind = model.get("type")
        if kind not in ("notebook", "file", "directory"):
            raise ServerError(400, f"Unknown contents type {kind!r}: notebook, file or directory.")
        target = self._writable_target(api_path)
        if kind == "directory":
            self._make_directory(api_path, target)
            return self.get(api_path, content=False)
        if "content" not in model:
            raise ServerError(400, f"No content was sent to save in {api_path!r}.")
        self._check_unchanged(api_path, target, model)
        chunk = model.get("chunk")
        message: str | None = None
        if kind == "notebook":
            message = self._write_notebook(api_path, target, model["content"])
            if not self.checkpoints.list(target):
                self.checkpoints.create(target)  # a notebook always has one to go back to
        elif chunk is not None:
            if not self._write_chunk(target, _file_bytes(api_path, model), chunk):
                return self._upload_model(api_path, target)
        else:
            atomic_write(target, _file_bytes(api_path, model))
        saved = self.get(api_path, content=False)
        if message is not None:
            saved["message"] = message
        return saved

    def _writable_target(self, api_path: str) -> Path:
        target = self.root.resolve(api_path)
        parent = target.parent
        if not parent.is_dir():
            raise ServerError(404, f"No directory {split_api_path(api_path)[0]!r} to save in.")
        if target.is_dir() and not target.is_symlink():
            return target
        if target.exists() and not target.is_file():
            raise ServerError(400, f"{api_path!r} is not a regular file.")
        return target

    def _make_directory(self, api_path: str, target: Path) -> None:
        if target.exists() and not target.is_dir():
            raise ServerError(400, f"{api_path!r} exists and is not a directory.")
        with _permission_as_403(api_path):
            target.mkdir(exist_ok=True)

    def _check_unchanged(self, api_path: str, target: Path, model: Model) -> None:
        """409 when the client's content is based on an older state of the file."""
        if not target.is_file():
            return
        expected_hash = model.get("hash")
        if isinstance(expected_hash, str):
            actual = _hash(target.read_bytes())["hash"]
            if actual != expected_hash:
                raise ServerError(
                    409,
                    f"{api_path!r} changed on disk since it was read (its content differs); "
                    "reload it, or save again without 'hash' to overwrite it.",
                    reason="changed on disk",
                )
            return
        based_on = model.get("last_modified")
        if not isinstance(based_on, str):
            return
        read_at = parse_iso(based_on)
        if read_at is None:
            raise ServerError(400, f"'last_modified' {based_on!r} is not an ISO 8601 time.")
        modified = target.stat().st_mtime
        if modified > read_at.timestamp() + _CLOCK_SLACK_S:
            raise ServerError(
                409,
                f"{api_path!r} changed on disk at {iso_utc(modified)}, after the version "
                f"read at {based_on}; reload it, or save again without 'last_modified' "
                "to overwrite it.",
                reason="changed on disk",
            )

    def _write_notebook(self, api_path: str, target: Path, content: object) -> str | None:
        """Write the notebook; the validation message when it is invalid (saved anyway)."""
        from jovi.nbformat.ipynb import dumps_json, from_json, writes  # noqa: PLC0415 - start-up cost
        from jovi.nbformat.layout import split_lines_v4, strip_transient_v4  # noqa: PLC0415 - start-up cost

        if not isinstance(content, dict):
            raise ServerError(400, f"The notebook sent for {api_path!r} is not a JSON object.")
        trusted = _cells_say_trusted(content)
        try:
            notebook = from_json(content, upgrade=False, filename=api_path)
            text = writes(notebook, filename=api_path)
        except NotebookValidationError as error:
            import copy  # noqa: PLC0415 - invalid notebooks only

            raw = strip_transient_v4(copy.deepcopy(content))
            atomic_write(target, dumps_json(split_lines_v4(raw)) + "\n")
            return f"Notebook validation failed: {error}"
        except NotebookError as error:
            raise ServerError(400, f"The notebook sent for {api_path!r}: {error}") from None
        atomic_write(target, text)
        if trusted and self.notary is not None:
            self.notary.sign(notebook, str(target))
        return None

    def _write_chunk(self, target: Path, data: bytes, chunk: object) -> bool:
        """Add a chunk of an upload; True when it was the last (the file is in place)."""
        if not isinstance(chunk, int) or isinstance(chunk, bool) or chunk == 0 or chunk < -1:
            raise ServerError(400, f"'chunk' is 1, 2... or -1 for the last, not {chunk!r}.")
        partial = target.with_name(f".{target.name}.upload")
        if chunk == 1:
            partial.write_bytes(data)
        else:
            if not partial.exists() and chunk != -1:
                raise ServerError(400, f"Chunk {chunk} of {target.name!r} came before chunk 1.")
            with partial.open("ab") as stream:
                stream.write(data)
        if chunk != -1:
            return False
        with contextlib.suppress(FileNotFoundError):
            partial.chmod(_final_mode(target))
        with partial.open("rb+") as stream:
            os.fsync(stream.fileno())
        partial.replace(target if not target.is_symlink() else target.resolve())
        return True

    def _upload_model(self, api_path: str, target: Path) -> Model:
        """The model of a file whose upload is under way (the part received so far)."""
        partial = target.with_name(f".{target.name}.upload")
        model = self._base_model(api_path, partial, "file")
        model["name"], model["path"] = split_api_path(api_path)[1], api_path
        model["mimetype"] = mimetypes.guess_type(api_path)[0]
        return model

    # ------------------------------------------------------------------ creating

    def new_untitled(self, path: str = "", type: str = "", ext: str = "") -> Model:  # noqa: A002
        """Create ``Untitled.ipynb``, ``untitled.txt`` or ``Untitled Folder`` (numbered
        to be new) in the directory ``path``; its model."""
        directory = self.root.normalize(path)
        if not self.dir_exists(directory):
            raise ServerError(404, f"No directory {directory!r}.")
        kind = type or ("notebook" if ext == ".ipynb" else "file")
        if kind not in ("notebook", "file", "directory"):
            raise ServerError(400, f"Unknown contents type {kind!r}: notebook, file or directory.")
        name = untitled_name(kind, ext, lambda name: self.exists(join_api_path(directory, name)))
        return self.new({"type": kind}, join_api_path(directory, name))

    def new(self, model: Model | None, path: str) -> Model:
        """Create the file at ``path`` (an empty notebook or text file unless ``model``
        has content); its model."""
        from jovi.nbformat.convert import to_json  # noqa: PLC0415 - start-up cost
        from jovi.nbformat.notebook import Notebook  # noqa: PLC0415 - start-up cost

        model = dict(model or {})
        model.setdefault("type", "notebook" if path.endswith(".ipynb") else "file")
        if "content" not in model and model["type"] == "notebook":
            model["content"] = to_json(Notebook())
        elif "content" not in model and model["type"] == "file":
            model.update(content="", format="text")
        return self.save(model, path)

    def copy(self, from_path: str, to_path: str | None = None) -> Model:
        """Copy the file ``from_path`` into the directory ``to_path`` (its own by
        default) as ``name-Copy1.ext``..., or to the new path ``to_path``."""
        source_path = self.root.normalize(from_path)
        source = self.root.resolve(source_path, must_exist=True)
        if source.is_dir():
            raise ServerError(400, f"{source_path!r} is a directory; only files can be copied.")
        directory = split_api_path(source_path)[0] if to_path is None else to_path
        directory = self.root.normalize(directory)
        if self.dir_exists(directory):
            name = copy_name(
                split_api_path(source_path)[1],
                lambda name: self.exists(join_api_path(directory, name)),
            )
            destination_path = join_api_path(directory, name)
        elif to_path is not None and self.dir_exists(split_api_path(directory)[0]):
            destination_path = directory
            if self.exists(destination_path):
                raise ServerError(409, f"{destination_path!r} already exists.")
        else:
            raise ServerError(404, f"No directory {directory!r} to copy {source_path!r} into.")
        destination = self.root.resolve(destination_path)
        atomic_write(destination, source.read_bytes())
        return self.get(destination_path, content=False)

    # ------------------------------------------------------------------ moving

    def rename(self, old_path: str, new_path: str) -> Model:
        """Move ``old_path`` to ``new_path`` (never over an existing file)."""
        old_api = self.root.normalize(old_path)
        new_api = self.root.normalize(new_path)
        if not old_api or not new_api:
            raise ServerError(400, "The root directory cannot be renamed, nor anything onto it.")
        old = self.root.resolve(old_api, must_exist=True)
        new = self.root.resolve(new_api)
        if new_api == old_api:
            return self.get(new_api, content=False)
        if os.path.lexists(new) and not _same_file_other_case(old, new):
            raise ServerError(409, f"{new_api!r} already exists; it was not overwritten.")
        if not new.parent.is_dir():
            raise ServerError(404, f"No directory {split_api_path(new_api)[0]!r} to move into.")
        with _permission_as_403(old_api):
            old.rename(new)
        if new.is_file():
            self.checkpoints.rename(old, new)
        return self.get(new_api, content=False)

    def delete(self, path: str) -> None:
        """Delete the file, or the directory if it holds nothing but checkpoints."""
        api_path = self.root.normalize(path)
        if not api_path:
            raise ServerError(400, "The root directory cannot be deleted.")
        target = self.root.resolve(api_path, must_exist=True)
        if target.is_dir() and not target.is_symlink():
            left = [entry for entry in target.iterdir() if entry.name != ".ipynb_checkpoints"]
            if left:
                raise ServerError(400, f"The directory {api_path!r} is not empty.")
            with _permission_as_403(api_path):
                self.checkpoints.remove_empty_directory(target)
                if not self._trashed(target, api_path):
                    target.rmdir()
            return
        with _permission_as_403(api_path):
            if not self._trashed(target, api_path):
                target.unlink()
        self.checkpoints.delete_all(target)

    def _trashed(self, target: Path, api_path: str) -> bool:
        """Whether ``target`` went to the trash (if deleting does that)."""
        if not self.delete_to_trash:
            return False
        from jovi.server.contents.trash import move_to_trash  # noqa: PLC0415 - on the first delete

        try:
            move_to_trash(target)
        except OSError as error:
            log.warning("%s could not go to the trash (%s); it is deleted.", api_path, error)
            return False
        return True

    # ------------------------------------------------------------------ checkpoints

    def create_checkpoint(self, path: str) -> dict[str, str]:
        return self.checkpoints.create(self._checkpointed(path))

    def list_checkpoints(self, path: str) -> list[dict[str, str]]:
        return self.checkpoints.list(self._checkpointed(path))

    def restore_checkpoint(self, path: str, checkpoint_id: str) -> None:
        self.checkpoints.restore(self._checkpointed(path), checkpoint_id)

    def delete_checkpoint(self, path: str, checkpoint_id: str) -> None:
        self.checkpoints.delete(self._checkpointed(path), checkpoint_id)

    def _checkpointed(self, path: str) -> Path:
        api_path = self.root.normalize(path)
        target = self.root.resolve(api_path, must_exist=True)
        if not target.is_file():
            raise ServerError(400, f"{api_path!r} is not a file; only files have checkpoints.")
        return target

    # ------------------------------------------------------------------ trust

    def trust(self, path: str) -> None:
        """Trust the notebook ``path`` as it is on disk (sign it)."""
        from jovi.nbformat.ipynb import read  # noqa: PLC0415 - start-up cost

        target = self.root.resolve(path, must_exist=True)
        if self.notary is None:
            raise ServerError(501, "This server keeps no trusted notebooks.")
        try:
            notebook = read(target, upgrade=False)
        except NotebookError as error:
            raise ServerError(400, f"The notebook cannot be trusted as it is: {error}") from None
        self.notary.sign(notebook, str(target))


# ---------------------------------------------------------------------- helpers


def _created(info: os.stat_result) -> float:
    birth = getattr(info, "st_birthtime", None)
    return birth if isinstance(birth, float) else info.st_ctime


def _hash(data: bytes) -> dict[str, str]:
    return {"hash": hashlib.sha256(data).hexdigest(), "hash_algorithm": _HASH_ALGORITHM}


def _file_content(api_path: str, data: bytes, format: str | None) -> tuple[str, str]:  # noqa: A002
    if format != "base64":
        try:
            return data.decode("utf-8"), "text"
        except UnicodeDecodeError:
            if format == "text":
                raise ServerError(
                    400, f"{api_path!r} is not UTF-8 text.", reason="bad format"
                ) from None
    return base64.b64encode(data).decode("ascii"), "base64"


def _file_bytes(api_path: str, model: Model) -> bytes:
    content = model["content"]
    format = model.get("format") or "text"  # noqa: A001 - the API's own name
    if not isinstance(content, str) or format not in _TEXT_FORMATS:
        raise ServerError(
            400, f"A file's content is a string, as text or base64 (for {api_path!r})."
        )
    if format == "text":
        return content.encode("utf-8", "surrogateescape")
    try:
        return base64.b64decode(content.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ServerError(400, f"The content sent for {api_path!r} is not base64.") from None


def _cells_say_trusted(content: dict[str, Any]) -> bool:
    """Whether the client marks every code cell with outputs needing trust as trusted."""
    for cell in content.get("cells") or ():
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        metadata = cell.get("metadata")
        if isinstance(metadata, dict) and metadata.get("trusted") is True:
            continue
        outputs = cell.get("outputs") or ()
        if any(
            isinstance(output, dict)
            and output.get("output_type") in ("execute_result", "display_data")
            and set(output) - {"output_type", "execution_count", "metadata"}
            for output in outputs
        ):
            return False
    return True


def _mark_trust(notebook: dict[str, Any], trusted: bool) -> None:
    for cell in notebook["cells"]:
        if cell.get("cell_type") == "code":
            cell.setdefault("metadata", {})["trusted"] = trusted


def _final_mode(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _same_file_other_case(old: Path, new: Path) -> bool:
    """A rename that only changes case, on a file system that ignores case."""
    try:
        return old.samefile(new)
    except OSError:
        return False


@contextlib.contextmanager
def _permission_as_403(api_path: str) -> Iterator[None]:
    try:
        yield
    except PermissionError:
        raise ServerError(403, f"Permission denied: {api_path!r}.") from None
    except OSError as error:
        raise ServerError(500, f"{api_path!r}: {error.strerror or error}.") from None

"""The built-in magic groups by name, so that a shell offers every built-in magic
without importing them: a group's module is imported, and its class made, when one
of its magics is first looked up (see :class:`~jovi.shell.magic.manager.DeferredMagics`).

Each entry must list exactly the magics its class defines;
``tests/shell/test_magic_groups.py`` compares them and names any difference.
"""

from __future__ import annotations

from jovi.shell.magic.manager import DeferredMagics

__all__ = ["BUILTIN_GROUPS"]

_HOME = "jovi.shell.magics."

BUILTIN_GROUPS: tuple[DeferredMagics, ...] = (
    DeferredMagics(
        _HOME + "basic",
        "BasicMagics",
        line=(
            "alias_magic",
            "autoawait",
            "autocall",
            "automagic",
            "colors",
            "lsmagic",
            "magic",
            "pprint",
            "precision",
            "quickref",
            "xmode",
        ),
    ),
    DeferredMagics(_HOME + "config", "ConfigMagics", line=("config",)),
    DeferredMagics(
        _HOME + "display",
        "DisplayMagics",
        cell=("HTML", "SVG", "html", "javascript", "js", "latex", "markdown", "svg"),
    ),
    DeferredMagics(
        _HOME + "extension", "ExtensionMagics", line=("load_ext", "reload_ext", "unload_ext")
    ),
    DeferredMagics(_HOME + "history", "HistoryMagics", line=("hist", "history")),
    DeferredMagics(_HOME + "notebook", "NotebookMagics", line=("notebook",)),
    DeferredMagics(
        _HOME + "introspection",
        "IntrospectionMagics",
        line=("pdef", "pdoc", "pfile", "pinfo", "pinfo2", "psearch", "psource"),
    ),
    DeferredMagics(
        _HOME + "execution",
        "ExecutionMagics",
        line=("prun", "run", "time", "timeit"),
        cell=("prun", "time", "timeit"),
    ),
    DeferredMagics(
        _HOME + "debugging", "DebuggingMagics", line=("debug", "pdb", "tb"), cell=("debug",)
    ),
    DeferredMagics(
        _HOME + "code",
        "CodeMagics",
        line=(
            "ed",
            "edit",
            "load",
            "loadpy",
            "macro",
            "pastebin",
            "pycat",
            "recall",
            "rep",
            "rerun",
            "save",
        ),
    ),
    DeferredMagics(_HOME + "paste", "PasteMagics", line=("cpaste", "paste")),
    DeferredMagics(_HOME + "codewrap", "CodeWrapMagics", line=("code_wrap",), cell=("code_wrap",)),
    DeferredMagics(
        _HOME + "namespace",
        "NamespaceMagics",
        line=(
            "doctest_mode",
            "page",
            "reset",
            "reset_selective",
            "who",
            "who_ls",
            "whos",
            "xdel",
        ),
    ),
    DeferredMagics(
        _HOME + "logging",
        "LoggingMagics",
        line=("logoff", "logon", "logstart", "logstate", "logstop"),
    ),
    DeferredMagics(
        _HOME + "aliases", "AliasMagics", line=("alias", "rehash", "rehashx", "unalias")
    ),
    DeferredMagics(_HOME + "capture", "CaptureMagics", cell=("capture",)),
    DeferredMagics(
        _HOME + "directories",
        "DirectoryMagics",
        line=("bookmark", "cd", "dhist", "dirs", "popd", "pushd", "pwd"),
    ),
    DeferredMagics(_HOME + "files", "FileMagics", cell=("file", "writefile")),
    DeferredMagics(_HOME + "profile", "ProfileMagics", line=("profile",)),
    DeferredMagics(_HOME + "pylab", "PylabMagics", line=("gui", "matplotlib", "pylab")),
    DeferredMagics(
        _HOME + "packaging",
        "PackagingMagics",
        line=("conda", "mamba", "micromamba", "pip", "uv"),
    ),
    # %%bash, %%python3 ...: which shortcuts exist depends on configuration and $PATH.
    DeferredMagics(
        _HOME + "script",
        "ScriptMagics",
        line=("killbgscripts",),
        cell=("script",),
        open_kinds=("cell",),
    ),
    DeferredMagics(
        _HOME + "oscommands",
        "ShellCommandMagics",
        line=("env", "sc", "set_env", "sx", "system"),
        cell=("!", "sx", "system"),
    ),
)

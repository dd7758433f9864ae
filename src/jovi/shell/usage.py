"""The help texts of the shell: ``?`` (the introduction), ``%quickref`` and ``%guiref``."""

from __future__ import annotations

import sys

from jovi._version import __version__

__all__ = ["GUI_REFERENCE", "INTRODUCTION", "QUICK_REFERENCE", "SHORT_HELP", "banner"]

SHORT_HELP = """\
?         -> Introduction and overview of jovi's features.
%quickref -> Quick reference.
help      -> Python's own help system.
object?   -> Details about 'object', use 'object??' for extra details.
"""

INTRODUCTION = """\
jovi: interactive computing for Python
======================================

jovi runs Python as you type it, and adds a few things on top:

* Magic commands start with % (line magics) or %% (cell magics): %run, %timeit,
  %history, %cd ... With automagic on (the default), line magics also work
  without the %, as long as no variable has the same name.  %lsmagic lists them
  all; %magic explains the system; %name? shows the help of one.

* Help: `object?` shows what an object is, its signature and docstring;
  `object??` shows its source.  `?` and `??` also work before the name, and on
  magics (`%timeit?`).  Wildcards search names: `np.*sum*?`.

* The system shell: `!ls -l` runs a command; `files = !ls` keeps its output as a
  list of lines; `$name` and `{expression}` put Python values into the command
  (`!echo $HOME`, `!wc -l {path}`; `$$` is a literal $).

* History: In[n] and _i, _ii, _iii hold your input; Out[n], _, __ and ___ your
  results, _n the result of line n.  A trailing ; hides a result.  %history shows
  past input, across sessions.

* Pasting: code copied from a Python or jovi session, with its >>> or In [n]:
  prompts, runs as is.

* Tracebacks: %xmode chooses how much they show (Plain, Context, Verbose,
  Minimal, Docs, Doctest); %colors chooses the colour scheme.

Type %quickref for a one-page summary.
"""

QUICK_REFERENCE = """\
jovi -- quick reference
=======================

obj?, obj??      : help, or more help, for obj (also ?obj, ??obj)
?foo.*abc*       : names in foo containing abc
%magic           : how magics work;  %lsmagic : the list of magics
%name?           : the help of one magic
%cd /usr/share   : change directory (cd /usr/share also works)
%timeit x=10     : time a statement;  %%timeit for a whole cell
!cp a.txt b/     : run a system command
files = !ls /usr : capture a command's output as a list of lines
files.s, files.l, files.n : "a b c", ['a','b','c'], 'a\\nb\\nc'
!echo $x {y+1}   : Python values in commands ($$ for a literal $)
_i, _ii, _iii    : the previous inputs;  _i4, _ih[2:5] : input 4, inputs 2-4
_, __, ___       : the previous results;  _4, Out[4] : result 4
%history         : the input history ('%history -g foo' searches it)
exec(_i81)       : run input 81 again
%config Class.option = value : change an option while running
f 1,2            : f(1,2) with %autocall on
/f 1,2           : f(1,2) (forced autoparen)
,f 1 2           : f("1","2")
;f 1 2           : f("1 2")
"""

GUI_REFERENCE = """\
jovi qtconsole -- quick reference
=================================

The Qt console (jovi qtconsole) is a console of any Jupyter kernel with pictures,
a pager, completion lists and call tips.  What it adds to the terminal's keys:

Running input
  Enter           runs the input when the kernel says it is complete, else a new line
  Shift-Enter     runs the input as it is;  Ctrl-Enter: a new line inside the input
  Ctrl-C          interrupts the kernel (copies when text is selected)
  Ctrl-.          restarts the kernel (after asking, unless told not to)

Editing (emacs keys)
  Ctrl-A, Ctrl-E  start, end of line         Ctrl-K, Ctrl-U  kill to end, to start
  Ctrl-Y, Alt-Y   yank, older kills          Alt-D, Alt-Backspace  kill a word
  Up, Down        history;  Shift-Up/Down, Ctrl-P/Ctrl-N: history starting like the input
  Tab             completes (a list appears when there are several);  '(' shows a call tip

Output and pages
  obj?, obj??     help pages in the pager (q or Escape leaves it);  --paging chooses where
  %clear, Ctrl-L  clears the screen;  Ctrl-+/-/0  zoom
  %load file      puts a file's text into the input, to edit before running
  Pictures and LaTeX that code displays appear inline; File > Save keeps them in HTML.

The window
  Ctrl-T, Ctrl-Shift-T  a tab with a new kernel, with the same kernel
  Alt-T           a tab on a running kernel (its connection file)
  Ctrl-Shift-M    hides the menu bar;  the Magic menu lists the kernel's magics
  A tab on a kernel it did not start never restarts or stops that kernel.
"""


def banner() -> str:
    """The start-up banner (terminal) and kernel banner: Python's version, jovi's, and
    the four commands to know."""
    python = sys.version.replace("\n", "")
    return (
        f"Python {python}\n"
        "Type 'copyright', 'credits' or 'license' for more information\n"
        f"jovi {__version__} -- interactive computing for Python. Type '?' for help.\n" + SHORT_HELP
    )

"""The input syntax, as a table: what is typed, and the Python it becomes.

Every form of IPython's special input syntax, and every class of transformation bug
IPython has had (special syntax misfiring inside strings, comments, f-strings and
valid Python), has rows here.  ``SAME`` means the input must come out unchanged.
"""

from __future__ import annotations

import sys

import pytest

from jovi.shell.input import TransformerManager

SAME = object()

M = "get_ipython().run_line_magic"
S = "get_ipython().system"
G = "get_ipython().getoutput"
C = "get_ipython().run_cell_magic"
N = "get_ipython().set_next_input"

TABLE: list[tuple[str, object]] = [
    # --- ! and !! (SHELL 1.8-1.12, 1.37, 1.38)
    ("!ls -l", f"{S}('ls -l')"),
    ("!ls", f"{S}('ls')"),
    ("! ls", f"{S}('ls')"),
    ("!echo $HOME", f"{S}('echo $HOME')"),
    ("!echo {x+1}", f"{S}('echo {{x+1}}')".replace("{{", "{").replace("}}", "}")),
    ("!echo $$HOME", f"{S}('echo $$HOME')"),
    ("!awk '{print $1}' f", f"{S}(\"awk '{{print $1}}' f\")".replace("{{", "{").replace("}}", "}")),
    ("!echo 'it's'", f"{S}(\"echo 'it's'\")"),
    ('!echo "a # not a comment"', f"{S}('echo \"a # not a comment\"')"),
    ("!ls \\\n-l", f"{S}('ls -l')"),
    ("!ls \\\n  -l \\\n  -a", f"{S}('ls -l -a')"),
    ("!!ls", f"{G}('ls')"),
    ("!! ls -a", f"{G}('ls -a')"),
    ("!!echo (", f"{G}('echo (')"),
    ("!echo (\nx = 1", f"{S}('echo (')\nx = 1"),
    ("!cd /usr/share", f"{S}('cd /usr/share')"),
    ("    !ls", f"{S}('ls')"),
    ("for f in files:\n    !wc -l $f\n", f"for f in files:\n    {S}('wc -l $f')"),
    ("if x:\n    !true\nelse:\n    !false\n", f"if x:\n    {S}('true')\nelse:\n    {S}('false')"),
    ("def f():\n    !ls\n    return 1\n", f"def f():\n    {S}('ls')\n    return 1"),
    ("x = [1,\n!ls]", SAME),
    ('x = """\n!ls\n"""', SAME),
    ("x = '''\n%cd /\n'''", SAME),
    ("# !ls", SAME),
    ("x = 1  # !ls", SAME),
    ("s = '!ls'", SAME),
    ('s = f"{x!r}"', SAME),
    ('s = f"{x!s:>10}"', SAME),
    ("x != 1", SAME),
    ("x!=1", SAME),
    ("if a != b: pass", SAME),
    ("y = x != 2", SAME),
    # --- x = !cmd (SHELL 1.12)
    ("files = !ls", f"files = {G}('ls')"),
    ("files = ! ls -a", f"files = {G}('ls -a')"),
    ("a, b = !echo x; echo y", f"a, b = {G}('echo x; echo y')"),
    ("obj.attr = !pwd", f"obj.attr = {G}('pwd')"),
    ("x=!ls", f"x = {G}('ls')"),
    ("    x = !ls", f"x = {G}('ls')"),
    ("for i in y:\n    x = !ls\n", f"for i in y:\n    x = {G}('ls')"),
    ("x = !!ls", f"x = {G}('ls')"),
    ("x = '!ls'", SAME),
    ("x = f(!ls)", SAME),
    # --- x = %magic (SHELL 1.13)
    ("names = %who_ls", f"names = {M}('who_ls', '')"),
    ("names = %who_ls int", f"names = {M}('who_ls', 'int')"),
    ("alist = %alias", f"alist = {M}('alias', '')"),
    ("a, b = %foo x", f"a, b = {M}('foo', 'x')"),
    ("t = %time 2**10", f"t = {M}('time', '2**10')"),
    ("x = 5 % 3", SAME),
    ("x = '%d' % 3", SAME),
    ("x = y %z", SAME),
    ("x =%who", f"x = {M}('who', '')"),
    # --- %magic (SHELL 1.14)
    ("%cd /usr/share", f"{M}('cd', '/usr/share')"),
    ("%cd", f"{M}('cd', '')"),
    ("%timeit x = 1", f"{M}('timeit', 'x = 1')"),
    ("%timeit -n1 -r1 pass", f"{M}('timeit', '-n1 -r1 pass')"),
    ("%time sum(range(10))", f"{M}('time', 'sum(range(10))')"),
    ("%run script.py a b", f"{M}('run', 'script.py a b')"),
    ("%run 'my script.py'", f"{M}('run', \"'my script.py'\")"),
    ("%config InteractiveShell.autocall = 1", f"{M}('config', 'InteractiveShell.autocall = 1')"),
    ("%   cd /tmp", f"{M}('cd', '/tmp')"),
    ("%cd $HOME", f"{M}('cd', '$HOME')"),
    ("%cd {path}", f"{M}('cd', '{{path}}')".replace("{{", "{").replace("}}", "}")),
    ("%alias parts echo first %s second %s", f"{M}('alias', 'parts echo first %s second %s')"),
    ("%sx ls \\\n -l", f"{M}('sx', 'ls -l')"),
    ("  %pwd", f"{M}('pwd', '')"),
    ("for i in range(3):\n    %time i\n", f"for i in range(3):\n    {M}('time', 'i')"),
    ("while True:\n    %sx ls\n    break\n", f"while True:\n    {M}('sx', 'ls')\n    break"),
    ("print('%cd /')", SAME),
    ("x = 10 %3", SAME),
    ("print(3 %\n2)", SAME),
    ("# %cd /", SAME),
    ("s = '%timeit'", SAME),
    # --- ? and ?? (SHELL 1.1-1.7)
    ("?", "get_ipython().show_usage()"),
    ("??", "get_ipython().show_usage()"),
    ("x?", f"{M}('pinfo', 'x')"),
    ("x??", f"{M}('pinfo2', 'x')"),
    ("?x", f"{M}('pinfo', 'x')"),
    ("??x", f"{M}('pinfo2', 'x')"),
    ("? x", f"{M}('pinfo', 'x')"),
    ("os.path.abspath??", f"{M}('pinfo2', 'os.path.abspath')"),
    ("??os.path.abspath", f"{M}('pinfo2', 'os.path.abspath')"),
    ("os.path?", f"{M}('pinfo', 'os.path')"),
    ("x ?", f"{M}('pinfo', 'x')"),
    ("%cd?", f"{M}('pinfo', '%cd')"),
    ("%cd??", f"{M}('pinfo2', '%cd')"),
    ("%timeit?", f"{M}('pinfo', '%timeit')"),
    ("cd?", f"{M}('pinfo', 'cd')"),
    ("%%timeit?", f"{M}('pinfo', '%%timeit')"),
    ("%%timeit??", f"{M}('pinfo2', '%%timeit')"),
    ("x?  # comment", f"{M}('pinfo', 'x')"),
    ("    x?", f"{M}('pinfo', 'x')"),
    ("def f():\n    x?\n", f"def f():\n    {M}('pinfo', 'x')"),
    ("print('what?')", SAME),
    ("print('what?')  # why?", SAME),
    ("x = 1  # why?", SAME),
    ("x = 1 # foo?", SAME),
    ("s = 'x?'", SAME),
    ('s = """\nwhat?\n"""', SAME),
    ("s = '''is this\nhelp?'''", SAME),
    ('s = f"{x}?"', SAME),
    ("s = f'{x}??'", SAME),
    ("x = r'\\d?'", SAME),
    ("re.compile(r'a?b')", SAME),
    ("# what?", SAME),
    ("x = [1, 2]  # list?", SAME),
    ("print(':n?foo')", SAME),
    ("print(x)?", SAME),
    ("a?.b", SAME),
    # --- mid-line help (SHELL 1.6)
    ("a = zip?", f"{N}('a = zip');{M}('pinfo', 'zip')"),
    ("a = zip??", f"{N}('a = zip');{M}('pinfo2', 'zip')"),
    ("f(os.path?", f"{N}('f(os.path');{M}('pinfo', 'os.path')"),
    ("x = os.path.join?", f"{N}('x = os.path.join');{M}('pinfo', 'os.path.join')"),
    ("print(len?", f"{N}('print(len');{M}('pinfo', 'len')"),
    # --- wildcard search (SHELL 1.5)
    ("a*?", f"{M}('psearch', 'a*')"),
    ("?a*", f"{M}('psearch', 'a*')"),
    ("?os.*path*", f"{M}('psearch', 'os.*path*')"),
    ("os.*path*?", f"{M}('psearch', 'os.*path*')"),
    ("*int*?", f"{M}('psearch', '*int*')"),
    ("?foo.*abc*", f"{M}('psearch', 'foo.*abc*')"),
    # --- /, ',' and ; escapes (SHELL 1.28-1.31)
    ("/globals", "globals()"),
    ("/f 1 2", "f(1, 2)"),
    ("/f a b c", "f(a, b, c)"),
    ("/zip (1,2,3), (4,5,6)", "zip((1,2,3), (4,5,6))"),
    ("/f x, y", "f(x, y)"),
    (",my_function /home/me", "my_function('/home/me')"),
    (",my_function a b c", "my_function('a', 'b', 'c')"),
    (",f", "f()"),
    (";my_function a b c", "my_function('a b c')"),
    (";f hello world", "f('hello world')"),
    (";f", "f()"),
    ("x = ,f a", SAME),
    ("print /globals", SAME),
    ("x = (1, 2)", SAME),
    ("x = 1; y = 2", SAME),
    ("a, b = 1, 2", SAME),
    ("x = 8 / 2", SAME),
    ("x = 8 // 2", SAME),
    # --- %% cell magics (SHELL 1.18, 1.23)
    ("%%timeit x = range(10000)\nmax(x)\n", f"{C}('timeit', 'x = range(10000)', 'max(x)\\n')"),
    ("%%timeit\nx = 1\n", f"{C}('timeit', '', 'x = 1\\n')"),
    ("%%bash\necho hi\n", f"{C}('bash', '', 'echo hi\\n')"),
    ("%%bash\necho hi", f"{C}('bash', '', 'echo hi\\n')"),
    ("%%writefile t.txt\nhello\n\nworld\n", f"{C}('writefile', 't.txt', 'hello\\n\\nworld\\n')"),
    ("%%script python3 --out o\nprint(1)\n", f"{C}('script', 'python3 --out o', 'print(1)\\n')"),
    ("%%html\n<b>x</b>\n", f"{C}('html', '', '<b>x</b>\\n')"),
    ("%%capture out\nprint('a?')\n!ls\n", f"{C}('capture', 'out', \"print('a?')\\n!ls\\n\")"),
    ("\n\n%%timeit\nx\n", f"{C}('timeit', '', 'x\\n')"),
    ("%%timeit \\\n  -n1\npass\n", f"{C}('timeit', '-n1', 'pass\\n')"),
    (
        "x = 1\n%%timeit\ny\n",
        "x = 1\nraise SyntaxError('the cell magic %%timeit must be on the first line of the cell')\ny",
    ),
    ("%%time $x\nx\n", f"{C}('time', '$x', 'x\\n')"),
    # --- pasted >>> prompts (SHELL 1.33)
    (">>> a, b = 0, 1\n... print(b)", "a, b = 0, 1\nprint(b)"),
    (">>> def f(x):\n...     return x**2\n...\n", "def f(x):\n    return x**2"),
    (">>> x = 1", "x = 1"),
    (">>>x = 1", SAME),
    ("  >>> x = 1\n  >>> y = 2", "x = 1\ny = 2"),
    (">>> 1 + 1\n2", "1 + 1\n2"),
    ("...", SAME),
    ("x = ...", SAME),
    ("... = 1", SAME),
    ("a = 1\n>>> b = 2", "a = 1\nb = 2"),
    ("a = 1\nb = 2\n>>> c = 3", SAME),
    ("...\n>>> x = 1", "...\nx = 1"),
    (">>>\n>>> x = 1", "\nx = 1"),
    # --- pasted In [N]: prompts (SHELL 1.34)
    ("In [5]: def f(x):\n   ...:     return x**2\n", "def f(x):\n    return x**2"),
    ("In [1]: x = 1", "x = 1"),
    ("In [12]: x = 1\n    ...: y = 2", "x = 1\ny = 2"),
    (
        "In [3]: for i in range(3):\n   ...:     print(i)\n   ...:\n",
        "for i in range(3):\n    print(i)",
    ),
    ("x = [1,\n   ...: 2]", SAME),
    ("In[5]: x = 1", SAME),
    # --- leading indentation and blank lines (SHELL 1.35)
    ("    x = 1\n    y = 2", "x = 1\ny = 2"),
    ("    def f():\n        return 1\n", "def f():\n    return 1"),
    ("\n\n    x = 1", "x = 1"),
    ("\tx = 1", "x = 1"),
    ("x = 1\n    y = 2", SAME),
    # --- valid Python that must never change (LESSONS bug class 1)
    ("match command:\n    case [x]:\n        pass\n    case _:\n        pass\n", SAME),
    ("match = 1", SAME),
    ("case = 2", SAME),
    ("type X = int", SAME),
    ("if (n := len(a)) > 10: pass", SAME),
    ("x = y if y else z", SAME),
    ("await foo()", SAME),
    ("async def f():\n    await g()\n", SAME),
    ("async for x in y:\n    pass\n", SAME),
    ("@dec\ndef f(): pass", SAME),
    ("@dec(1)\nclass A: pass", SAME),
    ("lambda x: x", SAME),
    ("x = [i for i in range(3) if i]", SAME),
    ("try:\n    pass\nexcept* ValueError:\n    pass\n", SAME),
    ("print(f'{x=}')", SAME),
    ("print(f'{x!r:>{width}}')", SAME),
    ("print(f\"{'?'}\")", SAME),
    ("print(f'{d[\"a\"]!r}')", SAME),
    ("x = b'%s' % y", SAME),
    ("x = ~y", SAME),
    ("x = y @ z", SAME),
    ("del x", SAME),
    ("global x", SAME),
    ("assert x, 'why?'", SAME),
    ("raise ValueError('?')", SAME),
    ("import os, sys", SAME),
    ("from os import path as p", SAME),
    ("x = {'a': 1}", SAME),
    ("x = {1, 2}", SAME),
    ("x: int = 1", SAME),
    ("print(*args, **kwargs)", SAME),
    ("x = 1 if a else \\\n    2", SAME),
    ('s = "it\'s %s" % name', SAME),
    ("x = (yield)", SAME),
    ("with open(f) as g: pass", SAME),
    ("exec(_i9)", SAME),
    ("exec(In[9])", SAME),
    ("_", SAME),
    ("__", SAME),
    ("_i", SAME),
    ("Out[1]", SAME),
    ("x = '''\n>>> not a prompt\n'''", SAME),
    ("x = '''\nIn [1]: not a prompt\n'''", SAME),
    ("x = \\\n1", SAME),
    ("pass", SAME),
    ("", SAME),
    # --- help on an attribute of an indexed/called object is not help syntax
    ("d['key']?", SAME),
    ("x[0]?", SAME),
]


def expected_source(raw: str, expected: object) -> str:
    if expected is SAME:
        return raw if raw.endswith("\n") or not raw else raw + "\n"
    text = str(expected)
    return text if text.endswith("\n") else text + "\n"


@pytest.mark.parametrize(("raw", "expected"), TABLE, ids=[repr(row[0])[:60] for row in TABLE])
def test_translation(raw, expected):
    manager = TransformerManager()
    assert manager.transform_cell(raw).source == expected_source(raw, expected)


def test_the_table_has_at_least_200_rows():
    assert len(TABLE) >= 200
    assert len({raw for raw, _ in TABLE}) == len(TABLE), "duplicate inputs in the table"


def test_every_translation_is_valid_python_or_deliberately_not():
    import ast

    invalid_on_purpose = {
        "a = 1\nb = 2\n>>> c = 3",
        "... = 1",
        "x = [1,\n!ls]",
        "x = ,f a",
        ">>>x = 1",
        "print(x)?",
        "a?.b",
        "d['key']?",
        "x[0]?",
        "x = f(!ls)",
        "x = 1\n    y = 2",
        "x = [1,\n   ...: 2]",
    }
    if sys.version_info < (3, 12):
        invalid_on_purpose.add("type X = int")  # a type alias statement from 3.12 on
    manager = TransformerManager()
    for raw, _ in TABLE:
        source = manager.transform_cell(raw).source
        if raw in invalid_on_purpose:
            with pytest.raises(SyntaxError):
                ast.parse(source)
        else:
            ast.parse(source)

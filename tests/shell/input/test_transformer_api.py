"""Custom input transformers in the shapes users know from IPython's documentation."""

from __future__ import annotations

import ast
import tokenize

from jovi.shell.input.api import (
    CoroutineInputTransformer,
    StatelessInputTransformer,
    TokenInputTransformer,
)


def test_a_stateless_transformer_like_the_seed_example(run, shell):
    @StatelessInputTransformer.wrap
    def special_command(line):
        if line.startswith("¬"):
            return "special_command(" + repr(line[1:]) + ")"
        return line

    shell.user_ns["special_command"] = lambda text: text.upper()
    shell.input_transformers_cleanup.append(special_command())
    run("result = 1\n¬hello")
    assert shell.last_execution_result.result == "HELLO"


def test_a_coroutine_transformer_that_accumulates(run, shell):
    @CoroutineInputTransformer.wrap
    def join_continued():
        pending = []
        line = ""
        while True:
            line = yield (
                "".join(pending) + line if line is not None and not line.endswith("&") else None
            )
            if line is None:
                pending.clear()
                line = ""
                continue
            if line.endswith("&"):
                pending.append(line[:-1])

    shell.input_transformers_post.append(join_continued())
    run("value = 1 + &\n2")
    assert shell.user_ns["value"] == 3


def test_a_token_transformer(run, shell):
    @TokenInputTransformer.wrap
    def decimals(tokens):
        out = []
        for tok in tokens:
            if tok.type == tokenize.NUMBER and "." in tok.string:
                out.extend(
                    [
                        (tokenize.NAME, "Fraction"),
                        (tokenize.OP, "("),
                        (tokenize.STRING, repr(tok.string)),
                        (tokenize.OP, ")"),
                    ]
                )
            else:
                out.append((tok.type, tok.string))
        return out

    shell.input_transformer_manager.token_transforms.append(decimals())
    run("from fractions import Fraction\nx = 0.1 + 0.2")
    assert str(shell.user_ns["x"]) == "3/10"


def test_an_ast_transformer_like_the_seed_integer_wrapper(run, shell):
    class IntegerWrapper(ast.NodeTransformer):
        def visit_Constant(self, node):
            if isinstance(node.value, int) and not isinstance(node.value, bool):
                return ast.Call(
                    func=ast.Name(id="Integer", ctx=ast.Load()), args=[node], keywords=[]
                )
            return node

    run("class Integer(int):\n    pass\n")
    shell.ast_transformers.append(IntegerWrapper())
    run("x = 5")
    assert type(shell.user_ns["x"]).__name__ == "Integer"

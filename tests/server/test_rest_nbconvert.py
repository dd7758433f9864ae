"""``/api/nbconvert`` and ``/nbconvert`` over real HTTP: notebooks converted with jovi's
exporters, never executed."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from tests.server.test_security import TRAVERSALS

_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="


def _notebook(source: str = "1 + 1", *, image: bool = False) -> dict:
    outputs = []
    if image:
        outputs.append(
            {
                "output_type": "display_data",
                "data": {"image/png": _PNG, "text/plain": "<Figure>"},
                "metadata": {},
            }
        )
    return {
        "cells": [
            {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": "# Résultats"},
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "c1",
                "metadata": {},
                "outputs": outputs,
                "source": source,
            },
        ],
        "metadata": {"language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


@pytest.fixture
def analysis(server_root):
    (server_root / "sub").mkdir()
    path = server_root / "sub" / "analysis.ipynb"
    path.write_text(json.dumps(_notebook()), encoding="utf-8")
    return path


@pytest.mark.integration
def test_the_formats_with_their_mimetypes(server):
    reply = server.get("/api/nbconvert")
    assert reply.status == 200
    formats = reply.json()
    assert formats["html"] == {"output_mimetype": "text/html"}
    assert formats["python"] == {"output_mimetype": "text/x-python"}
    assert formats["markdown"] == {"output_mimetype": "text/markdown"}
    assert formats["notebook"] == {"output_mimetype": "application/x-ipynb+json"}
    assert formats["pdf"] == {"output_mimetype": "application/pdf"}


@pytest.mark.integration
def test_a_notebook_of_the_root_as_html(server, analysis):
    reply = server.get("/nbconvert/html/sub/analysis.ipynb")
    assert reply.status == 200, reply.body
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    assert "content-disposition" not in reply.headers
    assert "sandbox" in reply.headers["content-security-policy"]
    assert "no-store" in reply.headers["cache-control"]
    assert reply.headers["last-modified"].endswith(" GMT")
    page = reply.body.decode()
    assert "Résultats" in page
    assert "<title>analysis</title>" in page


@pytest.mark.integration
def test_download_names_the_output_file(server, analysis):
    reply = server.get("/nbconvert/html/sub/analysis.ipynb?download=true")
    assert reply.status == 200
    assert reply.headers["content-disposition"] == "attachment; filename*=UTF-8''analysis.html"
    script = server.get("/nbconvert/python/sub/analysis.ipynb?download=true")
    assert script.headers["content-type"] == "text/x-python; charset=utf-8"
    assert script.headers["content-disposition"] == "attachment; filename*=UTF-8''analysis.py"
    assert "1 + 1" in script.body.decode()
    assert (
        "content-disposition"
        not in server.get("/nbconvert/python/sub/analysis.ipynb?download=false").headers
    )


@pytest.mark.integration
def test_the_format_name_is_matched_without_regard_to_case(server, analysis):
    assert server.get("/nbconvert/HTML/sub/analysis.ipynb").status == 200


@pytest.mark.integration
def test_outputs_written_beside_the_export_come_as_a_zip(server, server_root):
    (server_root / "plot.ipynb").write_text(json.dumps(_notebook(image=True)))
    reply = server.get("/nbconvert/markdown/plot.ipynb")
    assert reply.status == 200
    assert reply.headers["content-type"] == "application/zip"
    assert reply.headers["content-disposition"] == "attachment; filename*=UTF-8''plot.zip"
    with zipfile.ZipFile(io.BytesIO(reply.body)) as archive:
        names = set(archive.namelist())
        markdown = archive.read("plot.md").decode()
    assert names == {"plot.md", "plot_files/output_1_0.png"}
    assert "plot_files/output_1_0.png" in markdown  # the link finds the file


@pytest.mark.integration
def test_an_unknown_format_is_404_in_one_sentence(server, analysis):
    for path in ("/nbconvert/nope/sub/analysis.ipynb", "/nbconvert/os:system/sub/analysis.ipynb"):
        reply = server.get(path)
        assert reply.status == 404
        message = reply.json()["message"]
        assert message.startswith("There is no format ")
        assert message.endswith(".")
        assert "html" in message
    assert server.request("POST", "/nbconvert/nope", _notebook()).status == 404


@pytest.mark.integration
def test_a_missing_hidden_or_outside_notebook_is_404(server, server_root):
    (server_root / ".secret.ipynb").write_text(json.dumps(_notebook("SECRET")))
    (server_root.parent / "outside.ipynb").write_text(json.dumps(_notebook("SECRET")))
    (server_root / "dir").mkdir()
    for path in (
        "missing.ipynb",
        ".secret.ipynb",
        "../outside.ipynb",
        "%2e%2e/outside.ipynb",
        "dir",
    ):
        reply = server.get(f"/nbconvert/html/{path}")
        assert reply.status == 404, path
        assert b"SECRET" not in reply.body
    for path in TRAVERSALS:
        reply = server.get(f"/nbconvert/html/{path}")
        assert reply.status in (400, 404), path


@pytest.mark.integration
def test_a_file_that_is_not_a_notebook_is_400(server, server_root):
    bad = {
        "broken.ipynb": "{not json",
        "notes.txt": "just text",
        "list.ipynb": "[1, 2]",
        "future.ipynb": json.dumps({**_notebook(), "nbformat": 9}),
    }
    for name, text in bad.items():
        (server_root / name).write_text(text)
        reply = server.get(f"/nbconvert/html/{name}")
        assert reply.status == 400, (name, reply.body)
        message = reply.json()["message"]
        assert name in message
        assert str(server_root) not in message  # nothing about where the root is


@pytest.mark.integration
def test_a_notebook_in_the_body_is_converted(server):
    reply = server.request("POST", "/nbconvert/python", _notebook("print('posted')"))
    assert reply.status == 200, reply.body
    assert reply.headers["content-type"] == "text/x-python; charset=utf-8"
    assert "print('posted')" in reply.body.decode()
    model = {"name": "report.ipynb", "type": "notebook", "content": _notebook()}
    named = server.request("POST", "/nbconvert/html?download=true", model)
    assert named.status == 200
    assert named.headers["content-disposition"] == "attachment; filename*=UTF-8''report.html"
    assert "<title>report</title>" in named.body.decode()


@pytest.mark.integration
def test_a_body_that_is_not_a_notebook_is_400(server):
    for body in ([1, 2], {"nbformat": 9}, {"content": "x"}, "text"):
        reply = server.request("POST", "/nbconvert/html", body)
        assert reply.status == 400, (body, reply.body)
        assert reply.json()["message"].endswith(".")
    assert server.request("POST", "/nbconvert/html", raw_body=b"{oops").status == 400
    assert server.request("POST", "/nbconvert/html").status == 400


@pytest.mark.integration
def test_a_notebook_with_broken_cells_is_repaired_and_converted(server):
    reply = server.request("POST", "/nbconvert/html", {"cells": 3, "nbformat": 4})
    assert reply.status == 200  # read leniently, as jovi nbconvert reads files
    assert "<main" in reply.body.decode()


@pytest.mark.integration
def test_notebooks_are_never_executed(server, server_root):
    source = "open('EXECUTED', 'w').close()"
    (server_root / "run.ipynb").write_text(json.dumps(_notebook(source)))
    for format_name in ("html", "notebook", "python"):
        assert server.get(f"/nbconvert/{format_name}/run.ipynb").status == 200
    assert server.request("POST", "/nbconvert/notebook", _notebook(source)).status == 200
    converted = json.loads(server.get("/nbconvert/notebook/run.ipynb").body)
    assert converted["cells"][1]["outputs"] == []
    assert converted["cells"][1]["execution_count"] is None
    assert not (server_root / "EXECUTED").exists()

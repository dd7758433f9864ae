"""Each preprocessor, by what it visibly does to a notebook."""

from __future__ import annotations

import dataclasses

import pytest

import jovi.nbformat as nbf
from jovi.config import Config
from jovi.errors import ConversionError
from jovi.nbconvert import HTMLExporter, MarkdownExporter, NotebookExporter
from jovi.nbconvert.exporters.base import Exporter
from jovi.nbconvert.preprocessors import (
    ClearMetadataPreprocessor,
    ClearOutputPreprocessor,
    CoalesceStreamsPreprocessor,
    ExecutePreprocessor,
    ExtractAttachmentsPreprocessor,
    ExtractOutputPreprocessor,
    HighlightMagicsPreprocessor,
    Preprocessor,
    RegexRemovePreprocessor,
    SanitizeHTML,
)
from jovi.nbconvert.preprocessors.execute import (
    PlannedCell,
    kernel_name_for,
    plan_execution,
)
from jovi.nbconvert.preprocessors.streams import apply_carriage_returns
from tests.nbconvert.notebooks import png_b64, rich_notebook


def run(preprocessor, nb, resources=None):
    return preprocessor(nb, resources if resources is not None else {})


def code_cell(source="x", outputs=(), **metadata):
    return nbf.CodeCell(source=source, outputs=outputs, execution_count=3, metadata=metadata)


def test_a_preprocessor_does_nothing_unless_enabled():
    nb = rich_notebook()
    assert run(ClearOutputPreprocessor(), nb)[0] is nb


def test_clear_output_removes_outputs_counts_and_display_metadata():
    nb = nbf.Notebook(
        cells=(code_cell(outputs=(nbf.Stream(text="x"),), collapsed=True, tags=["a"]),)
    )
    cleared, _ = run(ClearOutputPreprocessor(enabled=True), nb)
    cell = cleared.cells[0]
    assert cell.outputs == ()
    assert cell.execution_count is None
    assert cell.metadata == {"tags": ["a"]}


def test_clear_metadata_keeps_only_the_masks():
    nb = nbf.Notebook(
        cells=(code_cell(tags=["keep"], jupyter={"source_hidden": True}, other=1),),
        metadata={
            "kernelspec": {"name": "k", "display_name": "K"},
            "language_info": {"name": "python", "version": "3"},
            "x": 1,
        },
    )
    cleared, _ = run(
        ClearMetadataPreprocessor(
            enabled=True, preserve_cell_metadata_mask=["jupyter.source_hidden"]
        ),
        nb,
    )
    assert cleared.cells[0].metadata == {"jupyter": {"source_hidden": True}}
    assert cleared.metadata == {
        "kernelspec": {"name": "k", "display_name": "K"},
        "language_info": {"name": "python"},
    }


def test_coalesce_streams_merges_runs_and_applies_carriage_returns():
    outputs = (
        nbf.Stream(name="stdout", text="a\n"),
        nbf.Stream(name="stdout", text="  0%|          |\r 50%|#####     |\r100%|##########|\n"),
        nbf.Stream(name="stderr", text="warn\n"),
        nbf.Stream(name="stdout", text="b\n"),
    )
    nb = nbf.Notebook(cells=(code_cell(outputs=outputs),))
    cell = run(CoalesceStreamsPreprocessor(enabled=True), nb)[0].cells[0]
    assert [(o.name, o.text) for o in cell.outputs] == [
        ("stdout", "a\n100%|##########|\n"),
        ("stderr", "warn\n"),
        ("stdout", "b\n"),
    ]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("abcdef\rXY", "XYcdef"),
        ("line\r\n", "line\n"),
        ("ab\bc", "ac"),
        ("no control\n", "no control\n"),
        # Shorter text overwrites only its own width, as in a terminal and in Jupyter.
        ("1\r2\r3\nnext\r4\n", "3\n4ext\n"),
    ],
)
def test_carriage_returns_overwrite_like_a_terminal(raw, shown):
    assert apply_carriage_returns(raw) == shown


def test_extract_output_writes_files_and_records_their_paths():
    nb = rich_notebook()
    extracted, resources = run(
        ExtractOutputPreprocessor(enabled=True),
        nb,
        {"output_files_dir": "nb_files", "unique_key": "output"},
    )
    outputs = extracted.cells[2].outputs
    assert outputs[0].metadata["filenames"] == {"image/png": "nb_files/output_2_0.png"}
    assert outputs[1].metadata["filenames"] == {"image/svg+xml": "nb_files/output_2_1.svg"}
    assert resources["outputs"]["nb_files/output_2_0.png"].startswith(b"\x89PNG")
    assert resources["outputs"]["nb_files/output_2_1.svg"].startswith(b"<svg")
    # The original notebook is untouched (immutable).
    assert "filenames" not in nb.cells[2].outputs[0].metadata


def test_extract_output_skips_data_that_is_not_base64(caplog):
    nb = nbf.Notebook(
        cells=(code_cell(outputs=(nbf.DisplayData(data={"image/png": "@@not base64@@"}),)),)
    )
    extracted, resources = run(
        ExtractOutputPreprocessor(enabled=True), nb, {"output_files_dir": "d"}
    )
    assert resources.get("outputs", {}) == {}
    assert "filenames" not in extracted.cells[0].outputs[0].metadata
    assert "not valid base64" in caplog.text


def test_extract_attachments_writes_each_pasted_image():
    nb = rich_notebook()
    _, resources = run(
        ExtractAttachmentsPreprocessor(enabled=True), nb, {"output_files_dir": "nb_files"}
    )
    assert resources["attachment_files"] == {
        "md-intro": {"pasted.png": "nb_files/attachment_0_pasted.png"}
    }
    assert resources["outputs"]["nb_files/attachment_0_pasted.png"].startswith(b"\x89PNG")


def test_highlight_magics_sets_the_language_of_cell_magics():
    nb = nbf.Notebook(
        cells=(code_cell("%%bash\necho hi"), code_cell("%%mylang\nx"), code_cell("x = 1"))
    )
    marked, _ = run(HighlightMagicsPreprocessor(enabled=True, languages={"mylang": "ruby"}), nb)
    assert [cell.metadata.get("magics_language") for cell in marked.cells] == ["bash", "ruby", None]
    body, _ = HTMLExporter().from_notebook_node(nb)
    # bash's lexer, not Python's, coloured the body of the %%bash cell.
    assert '<span class="nb">echo</span>' in body


def test_tag_remove_removes_cells_inputs_and_outputs():
    tagged_output = nbf.DisplayData(
        data={"text/plain": "hidden output"}, metadata={"tags": ["noshow"]}
    )
    nb = nbf.Notebook(
        cells=(
            code_cell("secret_cell = 1", tags=["remove"]),
            code_cell(
                "hidden_input = 2",
                outputs=(nbf.Stream(text="visible output\n"),),
                tags=["hide-input"],
            ),
            code_cell(
                "shown = 3", outputs=(nbf.Stream(text="gone output\n"),), tags=["no-outputs"]
            ),
            code_cell("kept = 4", outputs=(tagged_output, nbf.Stream(text="kept output\n"))),
        )
    )
    config = Config(
        {
            "TagRemovePreprocessor": {
                "remove_cell_tags": ["remove"],
                "remove_input_tags": ["hide-input"],
                "remove_all_outputs_tags": ["no-outputs"],
                "remove_single_output_tags": ["noshow"],
            }
        }
    )
    body, _ = MarkdownExporter(config=config).from_notebook_node(nb)
    assert "secret_cell" not in body
    assert "hidden_input" not in body
    assert "visible output" in body
    assert "shown = 3" in body
    assert "gone output" not in body
    assert "hidden output" not in body
    assert "kept output" in body


def test_regex_remove_drops_matching_cells():
    nb = nbf.Notebook(
        cells=(code_cell(""), code_cell("  \n"), code_cell("# drop me\nx"), code_cell("keep"))
    )
    kept, _ = run(RegexRemovePreprocessor(enabled=True, patterns=[r"\s*\Z", r"# drop"]), nb)
    assert [cell.source for cell in kept.cells] == ["keep"]


def test_sanitize_html_removes_scripts_handlers_and_javascript():
    nasty = '<b onclick="steal()">bold</b><script>alert(1)</script><a href="javascript:alert(2)">link</a><img src="data:image/png;base64,AAAA">'
    nb = nbf.Notebook(
        cells=(
            nbf.MarkdownCell(
                source="text <img src=x onerror=alert(3)> and `<script>in code</script>`"
            ),
            code_cell(
                outputs=(
                    nbf.DisplayData(
                        data={"text/html": nasty, "application/javascript": "alert(4)"}
                    ),
                )
            ),
        )
    )
    body, _ = HTMLExporter(config=Config({"SanitizeHTML": {"enabled": True}})).from_notebook_node(
        nb
    )
    notebook_part = body[body.index("<main") : body.index("</main>")]
    for bad in ("onclick", "onerror", "alert(1)", "javascript:", "alert(4)"):
        assert bad not in notebook_part
    assert "<b>bold</b>" in notebook_part
    assert 'src="data:image/png;base64,AAAA"' in notebook_part
    # Code in Markdown is shown, escaped, not removed.
    assert "&lt;script&gt;in code&lt;/script&gt;" in notebook_part
    sanitized, _ = run(SanitizeHTML(enabled=True), nb)
    assert "application/javascript" not in sanitized.cells[1].outputs[0].data


def test_execute_plan_honours_skip_and_raises_tags():
    nb = nbf.Notebook(
        cells=(
            code_cell("a"),
            nbf.MarkdownCell(source="m"),
            code_cell("b", tags=["skip-execution"]),
            code_cell("c", tags=["raises-exception"]),
            code_cell("   "),
        )
    )
    assert plan_execution(nb) == [PlannedCell(0, False), PlannedCell(3, True)]
    assert plan_execution(nb, allow_errors=True) == [PlannedCell(0, True), PlannedCell(3, True)]
    assert ExecutePreprocessor().timeout < 0  # no limit unless asked


def test_execute_kernel_name_comes_from_the_option_or_the_notebook():
    nb = rich_notebook()
    assert kernel_name_for(nb) == "python3"
    assert kernel_name_for(nb, "ir") == "ir"
    with pytest.raises(ConversionError, match="--kernel"):
        kernel_name_for(nbf.Notebook())


class Shout(Preprocessor):
    """A user's preprocessor: upper-cases Markdown."""

    def preprocess_cell(self, cell, resources, index):
        if isinstance(cell, nbf.MarkdownCell):
            return dataclasses.replace(cell, source=cell.source.upper())
        return cell


def test_user_preprocessors_run_after_the_built_in_ones():
    nb = nbf.Notebook(cells=(nbf.MarkdownCell(source="quiet words"),))
    body, _ = MarkdownExporter(preprocessors=[f"{__name__}:Shout"]).from_notebook_node(nb)
    assert "QUIET WORDS" in body
    off = Config({"Shout": {"enabled": False}})
    body, _ = MarkdownExporter(config=off, preprocessors=[f"{__name__}:Shout"]).from_notebook_node(
        nb
    )
    assert "quiet words" in body


def test_a_bad_preprocessor_name_is_one_message():
    with pytest.raises(ConversionError, match="cannot be imported"):
        MarkdownExporter(preprocessors=["no.such.module:Thing"]).from_notebook_node(nbf.Notebook())


def test_exporter_defaults_yield_to_the_users_configuration():
    nb = rich_notebook()
    _, resources = MarkdownExporter().from_notebook_node(nb)
    assert any("output_2_0" in name for name in resources["outputs"])
    off = Config({"ExtractOutputPreprocessor": {"enabled": False}})
    _, resources = MarkdownExporter(config=off).from_notebook_node(nb)
    assert not any("output_2_0" in name for name in resources["outputs"])
    # The notebook exporter leaves streams alone unless asked.
    body, _ = NotebookExporter().from_notebook_node(nb)
    assert "progress  50%" in body
    assert issubclass(NotebookExporter, Exporter)


def test_png_helper_is_a_real_image():
    import base64

    assert base64.b64decode(png_b64()).startswith(b"\x89PNG\r\n\x1a\n")

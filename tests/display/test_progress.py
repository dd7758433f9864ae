"""ProgressBar: its two forms, and updates in place through one display id."""

from __future__ import annotations

from jovi.display import ProgressBar
from jovi.display.formatters import DisplayFormatter


def test_the_bar_as_html_and_text():
    bar = ProgressBar(4)
    bar.text_width = 8
    bar._progress = 1
    assert DisplayFormatter().format(bar) == (
        {
            "text/plain": "[==      ] 1/4",
            "text/html": "<progress style='width:60ex' max='4' value='1'></progress>",
        },
        {},
    )


def test_iterating_shows_the_bar_then_updates_it_in_place(recording_host):
    bar = ProgressBar(3)
    bar.text_width = 3
    assert list(bar) == [0, 1, 2]
    published = recording_host.published
    display_ids = {transient["display_id"] for _, _, transient, _ in published}
    assert len(display_ids) == 1
    assert [(data["text/plain"], update) for data, _, _, update in published] == [
        ("[   ] 0/3", False),
        ("[=  ] 1/3", True),
        ("[== ] 2/3", True),
        ("[===] 3/3", True),
    ]
    assert bar.progress == 3
    assert len(bar) == 3


def test_setting_progress_updates_a_shown_bar_only(recording_host):
    bar = ProgressBar(10)
    bar.progress = 5
    assert recording_host.published == []
    bar.display()
    bar.progress = 7
    assert [data["text/html"] for data, *_ in recording_host.published] == [
        "<progress style='width:60ex' max='10' value='5'></progress>",
        "<progress style='width:60ex' max='10' value='7'></progress>",
    ]

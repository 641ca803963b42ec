"""Progress bars: shown where the user looks, never written into saved outputs."""

from __future__ import annotations

import pytest

from textkit.engine.progress import progress


@pytest.mark.parametrize("mode", ["off", "terminal"])
def test_no_bar_when_off_or_when_the_terminal_is_not_one(monkeypatch, mode):
    monkeypatch.setenv("TEXTKIT_PROGRESS", mode)  # under pytest, standard error is captured: not a terminal
    bar = progress(range(3), desc="分詞")
    assert bar.disable and list(bar) == [0, 1, 2]


def test_auto_is_tqdm_auto_and_a_step_under_the_delay_draws_nothing(monkeypatch, capsys):
    monkeypatch.delenv("TEXTKIT_PROGRESS", raising=False)
    from tqdm.auto import tqdm

    with progress(total=2, desc="分詞") as bar:
        bar.update(2)
    assert isinstance(bar, tqdm) and bar.n == 2
    assert "分詞" not in capsys.readouterr().err  # faster than DELAY: no bar at all


def test_the_runner_sends_bars_to_its_terminal():
    import inspect

    import textkit.runner

    assert 'os.environ.setdefault("TEXTKIT_PROGRESS", "terminal")' in inspect.getsource(textkit.runner.run_notebooks)

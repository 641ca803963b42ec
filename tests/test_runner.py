"""The runner's kernel: shut down without the interrupt that made a successful run log a KeyboardInterrupt."""

from __future__ import annotations

import asyncio
import signal

from textkit.runner import _kernel_manager_class


def test_the_kernel_is_shut_down_without_an_interrupt():
    # jupyter_client sends SIGINT before every shutdown; arriving while ipykernel finishes its last
    # reply, it logged "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel." after `make run`.
    manager = _kernel_manager_class()(kernel_name="python3")
    sent: list[int] = []
    original = manager._async_signal_kernel

    async def spy(signum):
        sent.append(signum)
        await original(signum)

    manager._async_signal_kernel = spy

    async def run():
        await manager.start_kernel(extra_arguments=["--IPKernelApp.log_level=ERROR"])
        await manager.interrupt_kernel()  # an interrupt asked for still reaches the kernel
        await manager.shutdown_kernel()
        return await manager.is_alive()

    assert asyncio.run(run()) is False
    assert sent == [signal.SIGINT]  # the one asked for; none from the shutdown


def _notebook(path, parameters: str) -> None:
    import nbformat

    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nbformat.write(nbformat.v4.new_notebook(cells=[cell, nbformat.v4.new_code_cell("print(corpus)")], metadata=kernel), path)


def test_notebooks_that_do_not_take_the_scheduler_are_named(tmp_path, monkeypatch, capsys):
    """--scheduler with notebooks that do not declare ``scheduler``: they run without the cluster, and the user is told so."""
    from textkit.cli import main
    from textkit.engine import cluster

    class Reached:
        address, workers = "tcp://127.0.0.1:8786", 2
        closed = 0

        def close(self):
            Reached.closed += 1

    monkeypatch.setattr(cluster, "connect", lambda address: Reached())
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old").mkdir()
    _notebook(tmp_path / "old" / "01_corpus.ipynb", "corpus = None\ntables = 'tables'")
    _notebook(tmp_path / "old" / "02_keywords.ipynb", "corpus = None\ntables = 'tables'\nscheduler = None")
    run = ["run", "--notebooks", "old", "--scheduler", "tcp://127.0.0.1:8786", "--no-html", "--text-column", "正文"]  # the seed has no columns: stops after the cluster
    assert main(run) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == ("textkit: warning: --scheduler tcp://127.0.0.1:8786: 01_corpus.ipynb in old does not declare the "
                      "parameter scheduler: it runs without the cluster")
    assert main([*run, "--only", "01"]) == 2
    assert capsys.readouterr().err.startswith("textkit: warning: --scheduler tcp://127.0.0.1:8786: no notebook in old declares "
                                              "the parameter scheduler: the notebooks run without the cluster\n")
    (tmp_path / "old" / "01_corpus.ipynb").unlink()  # every notebook left takes the scheduler: nothing to say
    assert main(run) == 2
    assert "warning" not in capsys.readouterr().err
    assert Reached.closed == 3

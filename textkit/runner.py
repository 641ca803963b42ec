"""Headless runs: execute the numbered notebooks with papermill, in order.

``textkit run`` (and ``make run``) call :func:`run_notebooks`.  Executed
copies go to ``OUT/notebooks`` (never over the sources), HTML reports to
``OUT/reports``, tables to ``OUT/tables`` and figures to the figures folder.
A failing cell stops the run with a message naming the notebook, the cell
and the error.
"""

from __future__ import annotations

import ast
import logging
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from textkit.errors import ParameterError

__all__ = ["run_notebooks", "RunResult", "find_notebooks", "LOAD_PARAMETERS"]

logger = logging.getLogger(__name__)

LOAD_PARAMETERS = {
    "format": "corpus_format",
    "text_column": "text_column",
    "title_column": "title_column",
    "id_column": "id_column",
    "group_column": "group_column",
    "date_column": "date_column",
}
""":func:`textkit.load.load_corpus` options and the notebook parameters that carry them
(``format`` is ``corpus_format`` in the notebooks, where ``format`` would hide Python's own)."""


@dataclass
class RunResult:
    """What a run did: executed notebooks, reports, and the failure if any."""

    executed: list[Path] = field(default_factory=list)
    reports: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    failure: str | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


def find_notebooks(folder: str | Path, only: list[str] | None = None) -> list[Path]:
    """Numbered notebooks (``NN_name.ipynb``) in ``folder``, in order, optionally filtered by prefix."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ParameterError(f"notebook folder {folder} does not exist")
    notebooks = sorted(p for p in folder.glob("[0-9]*.ipynb") if p.is_file())
    if only:
        notebooks = [p for p in notebooks if any(p.name.startswith(o) for o in only)]
        if not notebooks:
            raise ParameterError(f"no notebook in {folder} starts with {', '.join(only)}")
    if not notebooks:
        raise ParameterError(f"no numbered notebooks (NN_name.ipynb) in {folder}")
    return notebooks


def _literal(value: str):
    """Command-line values: numbers, booleans, lists as Python literals; anything else a string."""
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return value


def _kernel_name() -> str:
    """A kernel that runs this interpreter: ipykernel's ``python3`` if it does, else a ``textkit`` spec in this prefix."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    manager = KernelSpecManager()
    try:
        argv0 = manager.get_kernel_spec("python3").argv[0]
        # jupyter_client launches a bare "python"/"python3" with sys.executable.
        if argv0 in ("python", "python3") or Path(argv0).resolve() == Path(sys.executable).resolve():
            return "python3"
    except NoSuchKernel:
        pass
    try:
        manager.get_kernel_spec("textkit")
    except NoSuchKernel:
        from ipykernel.kernelspec import install

        install(kernel_name="textkit", display_name="Python (textkit)", prefix=sys.prefix)
    return "textkit"


def _kernel_manager_class():
    """jupyter_client's kernel manager without the interrupt (SIGINT) it sends before every shutdown.

    papermill shuts the kernel down only when no cell runs, yet that SIGINT
    can reach ipykernel while it finishes the last reply, which logs
    ``[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel.`` after a
    successful run.  The shutdown request alone stops the kernel (ipykernel
    handles it on its control thread), and jupyter_client still terminates
    a kernel that does not stop in time.
    """
    from jupyter_client.manager import AsyncKernelManager

    class QuietShutdownKernelManager(AsyncKernelManager):
        async def _async_interrupt_kernel(self) -> None:
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return QuietShutdownKernelManager


class _KernelsAhead:
    """Kernels started one notebook ahead: the next kernel boots while the current notebook runs.

    Starting a kernel (a new Python process importing ipykernel) takes about
    a second; the kernel for notebook ``i + 1`` is launched just before
    notebook ``i`` runs, so it boots on the other core instead of after it.
    Every kernel runs in ``cwd``; after its notebook it is asked to shut
    down and left to exit while the next notebook runs (reaped then, or
    when the run stops).  Kernels are started and used on the calling
    thread's event loop (``jupyter_core.utils.run_sync``), as nbclient does.
    """

    def __init__(self, kernel_name: str, *, cwd: str, extra_arguments: list[str]):
        self.kernel_name = kernel_name
        self.cwd = cwd
        self.extra_arguments = extra_arguments
        self._next = None
        self._stopping: list = []

    def _start(self):
        from jupyter_core.utils import run_sync

        km = _kernel_manager_class()(kernel_name=self.kernel_name)
        run_sync(km.start_kernel)(cwd=self.cwd, extra_arguments=self.extra_arguments)
        return km

    def start_first(self) -> None:
        """Start the first notebook's kernel now."""
        if self._next is None:
            self._next = self._start()

    def take(self, *, more: bool):
        """A started kernel for the notebook about to run; with ``more``, the next one starts booting."""
        km = self._next if self._next is not None else self._start()
        self._next = self._start() if more else None
        return km

    def stop(self, km) -> None:
        """Ask ``km``'s kernel to shut down, without waiting: it exits while the next notebook runs.

        Kernels asked earlier are reaped (and killed if they have not
        exited); :meth:`close` reaps the last ones.
        """
        from jupyter_core.utils import run_sync

        self._reap()
        km.shutting_down = True
        km.stop_restarter()
        run_sync(km.request_shutdown)()
        self._stopping.append(km)

    def _reap(self) -> None:
        from jupyter_core.utils import run_sync

        while self._stopping:
            km = self._stopping.pop()
            run_sync(km.finish_shutdown)()
            run_sync(km.cleanup_resources)()

    def close(self) -> None:
        if self._next is not None:
            self.stop(self._next)
            self._next = None
        self._reap()


def _source_cell_number(executed: Path, index: int) -> int:
    """1-based number of a cell in the source notebook (papermill inserts an injected-parameters cell)."""
    import nbformat

    cells = nbformat.read(executed, as_version=4).cells[:index]
    injected = sum("injected-parameters" in c.metadata.get("tags", []) for c in cells)
    return index - injected + 1


def _as_given(path: str | Path) -> str:
    """A path as the user gave it; an absolute one inside the working folder becomes relative to it.

    These strings are the notebooks' parameters: papermill shows them in the
    executed notebook and in its report, which then hold no machine path.
    """
    path = Path(path)
    if not path.is_absolute():
        return path.as_posix()
    for inside, folder in ((path, Path.cwd()), (path.resolve(), Path.cwd().resolve())):
        if inside.is_relative_to(folder):
            return inside.relative_to(folder).as_posix()
    return str(path)


def _readable_parameters() -> None:
    """Parameters written as typed: ``text_column = "正文"``, not papermill's ``"\\u6b63\\u6587"``."""
    import json

    from papermill.translators import PythonTranslator, papermill_translators

    class Translator(PythonTranslator):
        @classmethod
        def translate_escaped_str(cls, str_val):
            return json.dumps(str_val, ensure_ascii=False) if isinstance(str_val, str) else super().translate_escaped_str(str_val)

    papermill_translators.register("python", Translator)


def _load_parameters(corpus, load_options: dict, extra: dict, echo) -> dict:
    """The load options as notebook parameters, checked by loading the corpus once."""
    from textkit.load import load_corpus

    unknown = set(load_options) - set(LOAD_PARAMETERS)
    if unknown:
        raise ParameterError(f"unknown load option(s) {', '.join(sorted(unknown))}; choose from {', '.join(LOAD_PARAMETERS)}")
    options = {}
    for option, name in LOAD_PARAMETERS.items():
        given, as_parameter = load_options.get(option), extra.get(name)
        if given is not None and as_parameter is not None and given != as_parameter:
            raise ParameterError(f"{name} is given twice, as {given!r} and as -p {name} {as_parameter!r}")
        value = given if given is not None else as_parameter
        if value is not None:
            options[option] = value
    docs = load_corpus(corpus, **options)
    groups = docs.group.nunique()
    dated = docs.date.notna()
    span = f", dated {docs.date.min():%Y-%m-%d} … {docs.date.max():%Y-%m-%d}" if dated.any() else ""
    undated = f" ({(~dated).sum():,} without a date)" if dated.any() and not dated.all() else ""
    echo(f"corpus {_as_given(corpus)}: {len(docs):,} documents in {groups:,} group(s){span}{undated}")
    return {LOAD_PARAMETERS[option]: value for option, value in options.items()}


def _check_parameters(extra: dict, declared: dict[Path, dict]) -> None:
    """``-p`` values against the notebooks' parameters cells: the name is declared, the value has its default's type.

    A whole number where a number is declared is fine, and a parameter whose
    default is ``None`` or a string takes any value.
    """
    known: dict[str, object] = {}
    for params in declared.values():
        for name, info in params.items():
            try:
                known.setdefault(name, ast.literal_eval(info["default"]))
            except (ValueError, SyntaxError):
                known.setdefault(name, None)
    unknown = set(extra) - set(known)
    if unknown:
        raise ParameterError(
            f"unknown parameter(s) {', '.join(sorted(unknown))}; the notebooks declare: " + ", ".join(sorted(known))
        )
    for name, value in extra.items():
        default = known[name]
        if default is None or isinstance(default, str):
            continue
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, int):
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif isinstance(default, float):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        else:
            ok = isinstance(value, type(default))
        if not ok:
            raise ParameterError(
                f"-p {name} {value!r}: expected {type(default).__name__} like the notebooks' default {default!r}, got {type(value).__name__}"
            )


def run_notebooks(
    *,
    notebooks_dir: str | Path = "notebooks",
    corpus: str | Path = "seeds",
    out: str | Path = "output",
    figures: str | Path = "figures",
    only: list[str] | None = None,
    parameters: dict[str, str] | None = None,
    load_options: dict[str, str | None] | None = None,
    html: bool = True,
    echo=print,
) -> RunResult:
    """Execute every numbered notebook headlessly and export its report.

    The notebooks run in the current working folder and receive the paths
    as given (absolute ones inside that folder made relative), so the
    parameters shown in the executed notebooks and reports are the user's,
    not the machine's.

    Parameters
    ----------
    notebooks_dir : path
        Folder of ``NN_name.ipynb`` notebooks.
    corpus : path
        Passed to every notebook as the ``corpus`` parameter.
    out : path
        Executed notebooks go to ``out/notebooks``, HTML to ``out/reports``,
        tables (``tables`` parameter) to ``out/tables``.
    figures : path
        Passed as the ``figures`` parameter.
    only : list of str, optional
        Run only notebooks whose file name starts with one of these.
    parameters : dict of str to str, optional
        Further parameters (``-p NAME VALUE``); values are read as Python
        literals where they parse (``5``, ``0.1``, ``True``, ``[2, 3]``).
        A name that no notebook declares is an error.
    load_options : dict, optional
        How to read the corpus: :func:`textkit.load.load_corpus` options
        (``format``, ``text_column``, ``title_column``, ``id_column``,
        ``group_column``, ``date_column``), passed to every notebook as the
        parameters of :data:`LOAD_PARAMETERS`.  The corpus is loaded once
        before the first notebook runs, so a missing column or a bad file
        stops the run with one line naming it, and warnings about the
        corpus (bad dates, empty documents) show once on the command line.
    html : bool, default True
        Export each executed notebook to a standalone HTML report
        (:func:`textkit.report.write_report`: works offline, fonts and
        figures embedded).
    echo : callable
        Where progress lines go.

    Returns
    -------
    RunResult
        ``ok`` is False when a notebook failed; ``failure`` says where.
    """
    import papermill as pm

    from textkit.report import write_report

    notebooks = find_notebooks(notebooks_dir, only)
    if not Path(corpus).exists():
        raise ParameterError(f"corpus {corpus} does not exist")
    out = Path(_as_given(out))
    # Paths as given, relative to the working folder, where the notebooks run.
    base = {
        "corpus": _as_given(corpus),
        "figures": _as_given(figures),
        "tables": (out / "tables").as_posix(),
        "reports": (out / "reports").as_posix(),
    }
    extra = {k: _literal(v) for k, v in (parameters or {}).items()}
    logging.getLogger("papermill").setLevel(logging.WARNING)
    os.environ.setdefault("TEXTKIT_PROGRESS", "terminal")  # progress bars to this terminal, never into the notebooks (textkit.progress)
    kernel = _kernel_name()
    kernels = _KernelsAhead(kernel, cwd=str(Path.cwd()), extra_arguments=[
        "--IPKernelApp.log_level=ERROR",  # no "running over TCP" banner
        # textkit's warnings without the path of textkit's source file (no machine paths in reports)
        "--IPKernelApp.exec_lines=__import__('textkit.errors').errors.show_warnings_plainly()",
    ])
    kernels.start_first()  # it boots while the corpus and the notebooks are checked
    try:
        extra.update(_load_parameters(corpus, load_options or {}, extra, echo))
        declared = {nb: pm.inspect_notebook(str(nb)) for nb in notebooks}
        _check_parameters(extra, declared)
    except BaseException:
        kernels.close()
        raise
    _readable_parameters()
    result = RunResult()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="textkit-report") as reports:
        pending = []
        try:
            for i, nb in enumerate(notebooks, start=1):
                target = out / "notebooks" / nb.name
                target.parent.mkdir(parents=True, exist_ok=True)
                params = {k: v for k, v in {**base, **extra}.items() if k in declared[nb]}
                step = f"[{i}/{len(notebooks)}] {nb.name}"
                echo(f"{step} running")
                start = time.perf_counter()
                km = kernels.take(more=i < len(notebooks))
                try:
                    pm.execute_notebook(
                        str(nb),
                        str(target),
                        parameters=params,
                        kernel_name=kernel,
                        km=km,
                        progress_bar=False,
                        log_output=False,
                        iopub_timeout=60,  # a large table's output on a busy machine can take more than nbclient's 4 s
                    )
                except pm.PapermillExecutionError as exc:
                    seconds = time.perf_counter() - start
                    result.failure = (
                        f"{nb.name} failed in cell {_source_cell_number(target, exc.cell_index)} "
                        f"({exc.source.strip().splitlines()[0][:60] if exc.source.strip() else 'empty cell'}): "
                        f"{exc.ename}: {exc.evalue}\n  executed copy with the traceback: {target}"
                    )
                    echo(f"{step} FAILED after {seconds:.1f} s")
                    print(f"textkit: error: {result.failure}", file=sys.stderr)
                    return result
                finally:
                    kernels.stop(km)
                seconds = time.perf_counter() - start
                result.executed.append(target)
                result.seconds[nb.name] = round(seconds, 2)
                if html:  # written while the next notebook runs
                    pending.append(reports.submit(write_report, target, out / "reports"))
                echo(f"{step} ok ({seconds:.1f} s)")
        finally:
            kernels.close()
            result.reports.extend(f.result() for f in pending)
    echo(f"executed notebooks: {out / 'notebooks'}; reports: {out / 'reports'}; tables: {out / 'tables'}; figures: {Path(figures)}")
    return result

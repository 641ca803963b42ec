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
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from textkit.errors import ParameterError, TextkitError

__all__ = ["run_notebooks", "RunResult", "find_notebooks", "LOAD_PARAMETERS"]

logger = logging.getLogger(__name__)

LOAD_PARAMETERS = {
    "format": "corpus_format",
    "sheet": "sheet",
    "text_column": "text_column",
    "title_column": "title_column",
    "id_column": "id_column",
    "group_column": "group_column",
    "date_column": "date_column",
}
""":func:`textkit.corpus.load.load_corpus` options and the notebook parameters that carry them
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
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):  # TypeError: "{[]: 1}"
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


def _source_cell_number(executed: Path, index: int) -> int:
    """1-based number of a cell in the source notebook (papermill inserts an injected-parameters cell)."""
    import nbformat

    cells = nbformat.read(executed, as_version=4).cells[:index]
    injected = sum(bool({"injected-parameters", "textkit-version"} & set(c.metadata.get("tags", []))) for c in cells)
    return index - injected + 1


def _stamp_version(executed: Path) -> None:
    """Name the textkit that ran an executed notebook: a line after its parameters, and its metadata.

    What ``textkit --version`` prints, so a result can be traced to its code;
    its report shows the line too.  Figures never carry it (their bytes stay
    the same from run to run).
    """
    import nbformat

    from textkit.version import __version__, commit, describe_version

    nb = nbformat.read(executed, as_version=4)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    after = max((i for i, t in enumerate(tags) if "injected-parameters" in t or "parameters" in t), default=-1)
    line = f"*Run with {describe_version()}, Python {sys.version.split()[0]}.*"
    cell = nbformat.v4.new_markdown_cell(line, metadata={"tags": ["textkit-version"]})
    if nb.nbformat_minor < 5:
        cell.pop("id", None)  # cell ids came with nbformat 4.5
    else:
        cell["id"] = "textkit-version"  # not a random one: a rerun gives the same notebook and report
    nb.cells.insert(after + 1, cell)
    nb.metadata["textkit"] = {"version": __version__, "commit": commit(), "describe": describe_version()}
    nbformat.write(nb, executed)


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
    from textkit.corpus.load import iter_corpus

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
    # Read a chunk at a time: the corpus is checked whole without being held whole.
    n = n_dated = 0
    groups: set = set()
    first = last = None
    for chunk in iter_corpus(corpus, **options):
        n += len(chunk)
        groups.update(chunk.group.unique())
        dates = chunk.date.dropna()
        n_dated += len(dates)
        if len(dates):
            first = dates.min() if first is None else min(first, dates.min())
            last = dates.max() if last is None else max(last, dates.max())
    if extra.get("k") is not None:  # -p k N: a k the documents cannot carry stops the run here, before any notebook
        from textkit.analysis.topics.select import check_k

        check_k(extra["k"], n)
    span = f", dated {first:%Y-%m-%d} … {last:%Y-%m-%d}" if n_dated else ""
    undated = f" ({n - n_dated:,} without a date)" if n_dated and n_dated < n else ""
    name = _as_given(corpus) if corpus is not None else "(textkit's demonstration corpus, the seed)"
    echo(f"corpus {name}: {n:,} documents in {len(groups):,} group(s){span}{undated}")
    return {LOAD_PARAMETERS[option]: value for option, value in options.items()}


_TYPES = {"int": int, "float": float, "bool": bool, "str": str, "None": type(None), "list": list, "tuple": tuple, "dict": dict}


def _allowed_types(info: dict) -> tuple[type, ...] | None:
    """The types a notebook parameter takes: its annotation (``keep_n: "Optional[int]" = 5000``), else its default's.

    ``None`` means any value (a default of ``None`` or a string, whose
    meaning the notebook checks itself).
    """
    annotation = info.get("inferred_type_name") or "None"
    if annotation != "None":  # papermill's name for "not annotated"
        # papermill reads typing's spelling only ("Optional[int]", "Union[int, float]"), not "int | None"
        names = re.findall(r"\w+", annotation)
        if names[:1] == ["Optional"]:
            names = [*names[1:], "None"]
        elif names[:1] == ["Union"]:
            names = names[1:]
        if names and all(name in _TYPES for name in names):
            return tuple(_TYPES[name] for name in names)
    try:
        default = ast.literal_eval(info["default"])
    except (ValueError, SyntaxError):
        return None
    if default is None or isinstance(default, str):
        return None
    return (type(default),)


def _check_parameters(extra: dict, declared: dict[Path, dict]) -> None:
    """``-p`` values against the notebooks' parameters cells: the name is declared, the value has a declared type.

    The types are the parameter's annotation in the notebook, or else its
    default's.  A whole number is not taken for a float (``-p max_df 1``
    would mean "in at most one document" to scikit-learn, not 100 %): write
    ``1.0``.
    """
    allowed: dict[str, tuple[type, ...] | None] = {}
    defaults: dict[str, str] = {}
    for params in declared.values():
        for name, info in params.items():
            if name not in allowed:
                allowed[name], defaults[name] = _allowed_types(info), info["default"]
    unknown = set(extra) - set(allowed)
    if unknown:
        raise ParameterError(
            f"unknown parameter(s) {', '.join(sorted(unknown))}; the notebooks declare: " + ", ".join(sorted(allowed))
        )
    for name, value in extra.items():
        types = allowed[name]
        if types is None or type(value) in types:  # type(): True is not taken for an int, 1 not for a float
            continue
        names = " or ".join("None" if t is type(None) else t.__name__ for t in types)
        hint = f" (write {float(value)!r})" if float in types and type(value) is int else ""
        raise ParameterError(f"-p {name} {value!r}: expected {names}{hint}, like the notebooks' default {defaults[name]}; got {type(value).__name__}")


def _warn_without_scheduler(notebooks: list[Path], declared: dict[Path, dict], scheduler: str) -> None:
    """A notebook that does not declare ``scheduler`` runs whole in its kernel, while the user believes the cluster works: say so."""
    without = [nb.name for nb in notebooks if "scheduler" not in declared[nb]]
    if not without:
        return
    import warnings

    from textkit.errors import TextkitWarning

    folder = notebooks[0].parent
    if len(without) == len(notebooks):
        what = f"no notebook in {folder} declares the parameter scheduler: the notebooks run without the cluster"
    else:
        many = len(without) > 1
        what = (f"{', '.join(without)} in {folder} {'do' if many else 'does'} not declare the parameter scheduler: "
                f"{'they run' if many else 'it runs'} without the cluster")
    warnings.warn(f"--scheduler {scheduler}: {what}", TextkitWarning, stacklevel=3)


def run_notebooks(
    *,
    notebooks_dir: str | Path | None = None,
    corpus: str | Path | None = None,
    out: str | Path = "output",
    figures: str | Path = "figures",
    only: list[str] | None = None,
    parameters: dict[str, str] | None = None,
    load_options: dict[str, str | None] | None = None,
    html: bool = True,
    scheduler: str | None = None,
    workers: int | None = None,
    echo=print,
) -> RunResult:
    """Execute every numbered notebook headlessly and export its report.

    The notebooks run in the current working folder and receive the paths
    as given (absolute ones inside that folder made relative), so the
    parameters shown in the executed notebooks and reports are the user's,
    not the machine's.

    Parameters
    ----------
    notebooks_dir : path, optional
        Folder of ``NN_name.ipynb`` notebooks; by default ``./notebooks``
        where it holds textkit's notebooks (by name: copies), else the
        notebooks installed with textkit
        (:func:`textkit.notebooks.default_notebooks`), which are read, never
        written to.
    corpus : path, optional
        Passed to every notebook as the ``corpus`` parameter; ``None`` (the
        default) is textkit's demonstration corpus, the seed.
    out : path
        Executed notebooks go to ``out/notebooks``, HTML to ``out/reports``,
        tables (``tables`` parameter) to ``out/tables``, the topic model
        notebook 03 saves (``models``) to ``out/models``, the corpus store
        (``store``: built by the first notebook, read by the others) to
        ``out/store``.
    figures : path
        Passed as the ``figures`` parameter.
    only : list of str, optional
        Run only notebooks whose file name starts with one of these.
    parameters : dict of str to str, optional
        Further parameters (``-p NAME VALUE``); values are read as Python
        literals where they parse (``5``, ``0.1``, ``True``, ``[2, 3]``).
        A name that no notebook declares is an error.
    load_options : dict, optional
        How to read the corpus: :func:`textkit.corpus.load.load_corpus` options
        (``format``, ``sheet``, ``text_column``, ``title_column``, ``id_column``,
        ``group_column``, ``date_column``), passed to every notebook as the
        parameters of :data:`LOAD_PARAMETERS`.  The corpus is loaded once
        before the first notebook runs, so a missing column or a bad file
        stops the run with one line naming it, and warnings about the
        corpus (bad dates, empty documents) show once on the command line.
    html : bool, default True
        Export each executed notebook to a standalone HTML report
        (:func:`textkit.output.report.write_report`: works offline, fonts and
        figures embedded).
    scheduler : str, optional
        A Dask cluster for the heavy work (:func:`textkit.engine.cluster.connect`):
        ``tcp://HOST:PORT``, a scheduler file, ``auto`` or ``local``.  It is
        reached (and its workers' versions checked) before the first
        notebook runs; ``local`` starts a cluster of ``workers`` processes
        once, for the whole run, and stops it at the end (or on Ctrl-C).
        The notebooks that declare the parameter ``scheduler`` receive its
        address.  ``None``: no cluster, and nothing of Dask is imported.
    workers : int, optional
        With ``scheduler="local"``: worker processes (default: the cores).
    echo : callable
        Where progress lines go.

    Returns
    -------
    RunResult
        ``ok`` is False when a notebook failed; ``failure`` says where.
    """
    import papermill as pm
    from textkit.notebooks import default_notebooks, outside_package

    notebooks = find_notebooks(default_notebooks() if notebooks_dir is None else notebooks_dir, only)
    if corpus is not None and not Path(corpus).exists():
        raise ParameterError(f"corpus {corpus} does not exist")
    outside_package(out, "output folder")
    outside_package(figures, "figures folder")
    out = Path(_as_given(out))
    # Paths as given, relative to the working folder, where the notebooks run.
    base = {
        "corpus": _as_given(corpus) if corpus is not None else None,
        "figures": _as_given(figures),
        "tables": (out / "tables").as_posix(),
        "reports": (out / "reports").as_posix(),
        "models": (out / "models").as_posix(),  # the topic model notebook 03 saves for 05 (textkit.analysis.topics.saved)
        "store": (out / "store").as_posix(),  # the corpus store: the first notebook builds it, the others read it (textkit.engine.prepared)
    }
    extra = {k: _literal(v) for k, v in (parameters or {}).items()}
    given_twice = sorted(set(extra) & set(base))
    if given_twice:
        option = "out" if given_twice[0] in ("tables", "reports", "models", "store") else given_twice[0]
        raise ParameterError(f"-p {given_twice[0]}: give it as --{option} instead "
                             "(the runner sets corpus, figures, tables, reports, models and store from --corpus, --figures and --out)")
    logging.getLogger("papermill").setLevel(logging.WARNING)
    os.environ.setdefault("TEXTKIT_PROGRESS", "terminal")  # progress bars to this terminal, never into the notebooks (textkit.engine.progress)
    declared = {nb: pm.inspect_notebook(str(nb)) for nb in notebooks}
    _check_parameters(extra, declared)  # before the corpus is read: a typo costs no time
    if scheduler is not None and "scheduler" in extra:
        raise ParameterError("the scheduler is given twice, as --scheduler and as -p scheduler: give --scheduler only")
    if "scheduler" in extra and extra["scheduler"] is not None:  # -p scheduler X is --scheduler X: one cluster for the run, checked first
        extra = dict(extra)
        scheduler = str(extra.pop("scheduler"))
    if workers is not None and scheduler != "local":
        raise ParameterError("--workers sets the size of a local cluster: give it with --scheduler local")
    cluster = None
    if scheduler is not None:  # reached (or started) before the corpus is read: an unreachable address costs seconds
        from textkit.engine.cluster import connect, start_local

        cluster = start_local(workers) if scheduler == "local" else connect(scheduler)
        base["scheduler"] = cluster.address if scheduler == "local" else scheduler
        echo(f"Dask cluster {cluster.address}: {cluster.workers} worker(s)" + (" (started for this run)" if scheduler == "local" else ""))
    try:
        if scheduler is not None:  # inside the try: a warning raised as an error still stops the cluster
            _warn_without_scheduler(notebooks, declared, scheduler)
        load = _load_parameters(corpus, load_options or {}, extra, echo)
        _check_parameters(load, declared)  # --date-column and the like reach only notebooks that declare them
        extra.update(load)
        return _run_all(notebooks, declared, base, extra, out, figures, html, echo)
    finally:
        if cluster is not None:
            cluster.close()


def _run_all(notebooks, declared, base, extra, out, figures, html, echo) -> RunResult:
    """Execute the notebooks in turn (see :func:`run_notebooks`)."""
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    from textkit.output.report import write_report

    kernel = _kernel_name()
    _readable_parameters()
    from textkit.version import describe_version

    echo(describe_version())
    result = RunResult()
    # Each report is written on a second thread while the next notebook runs (the machine's other core).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="textkit-report") as reports:
        pending = []
        for i, nb in enumerate(notebooks, start=1):
            target = out / "notebooks" / nb.name
            target.parent.mkdir(parents=True, exist_ok=True)
            params = {k: v for k, v in {**base, **extra}.items() if k in declared[nb]}
            step = f"[{i}/{len(notebooks)}] {nb.name}"
            echo(f"{step} running")
            start = time.perf_counter()
            try:
                pm.execute_notebook(
                    str(nb),
                    str(target),
                    parameters=params,
                    kernel_name=kernel,
                    cwd=str(Path.cwd()),
                    progress_bar=False,
                    log_output=False,
                    iopub_timeout=60,  # a large table's output on a busy machine can take more than nbclient's 4 s
                    extra_arguments=[
                        "--IPKernelApp.log_level=ERROR",  # no "running over TCP" banner
                        # textkit's warnings without the path of textkit's source file (no machine paths in reports)
                        "--IPKernelApp.exec_lines=__import__('textkit.errors').errors.show_warnings_plainly()",
                    ],
                    kernel_manager_class=_kernel_manager_class(),
                )
            except (DeadKernelError, CellTimeoutError) as exc:
                result.failure = (f"{nb.name}: the kernel stopped ({type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}); "
                                  f"out of memory? try a smaller corpus or -p n_jobs 1\n  executed copy: {target}")
                echo(f"{step} FAILED after {time.perf_counter() - start:.1f} s")
                break
            except pm.PapermillExecutionError as exc:
                seconds = time.perf_counter() - start
                result.failure = (
                    f"{nb.name} failed in cell {_source_cell_number(target, exc.cell_index)} "
                    f"({exc.source.strip().splitlines()[0][:60] if exc.source.strip() else 'empty cell'}): "
                    f"{exc.ename}: {exc.evalue}\n  executed copy with the traceback: {target}"
                )
                _stamp_version(target)
                echo(f"{step} FAILED after {seconds:.1f} s")
                break
            seconds = time.perf_counter() - start
            _stamp_version(target)
            result.executed.append(target)
            result.seconds[nb.name] = round(seconds, 2)
            if html:
                pending.append((target, reports.submit(write_report, target, out / "reports")))
            echo(f"{step} ok ({seconds:.1f} s)")
        for target, job in pending:  # the reports of the notebooks that ran, even after a failure
            try:
                result.reports.append(job.result())
            except Exception as exc:  # a report that cannot be written does not hide a notebook's failure
                if result.failure is None:
                    raise TextkitError(f"the report of {target.name} could not be written to {out / 'reports'}: {exc}") from exc
                print(f"textkit: warning: no report for {target.name}: {exc}", file=sys.stderr)
    if result.failure is not None:
        print(f"textkit: error: {result.failure}", file=sys.stderr)
        return result
    echo(f"executed notebooks: {out / 'notebooks'}; reports: {out / 'reports'}; tables: {out / 'tables'}; figures: {Path(figures)}")
    return result

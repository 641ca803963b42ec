"""The ``textkit`` command line: ``textkit segment FILE`` and ``textkit run``.

Errors that textkit raises on purpose (a bad file, a bad parameter) are
printed as one line naming the file and the problem, with exit status 2;
never a traceback.  Warnings textkit gives when it handles bad input itself
(stray control characters removed, empty documents left out) are printed
as one ``textkit: warning: …`` line each.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

from textkit.errors import ParameterError, TextkitError, TextkitWarning

__all__ = ["main"]


_COLUMN_OPTIONS = ("format", "text_column", "title_column", "id_column", "group_column", "date_column")


def _segment(args: argparse.Namespace) -> int:
    from textkit.corpus.load import decode_text, read_text
    from textkit.segment import Segmenter

    load_options = {k: getattr(args, k) for k in _COLUMN_OPTIONS if getattr(args, k) is not None}
    if args.out is None:
        given = [f"--{k.replace('_', '-')}" for k in [*load_options, *(k for k in ("scheduler", "workers", "n_jobs")
                                                                          if getattr(args, k) is not None)]]
        given += ["--keep-repeated"] if args.keep_repeated else []
        if given:
            raise ParameterError(f"{', '.join(given)}: these read a corpus into a Parquet file; give --out FILE.parquet")
    seg = Segmenter(
        user_dict=args.user_dict,
        domain_dict=not args.no_domain_dict,
        convert=not args.no_convert,
        hmm=not args.no_hmm,
        pos=args.pos.split(",") if args.pos is not None else None,
        min_length=args.min_length,
        backend=args.backend,
    )
    seg.settings()  # a bad parameter (--pos ",,") is an error before any input is read
    if args.out is not None:
        return _segment_to_parquet(args, seg, load_options)
    text = decode_text(sys.stdin.buffer.read(), name="<stdin>") if args.file == "-" else read_text(args.file)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out = sys.stdout
    for line in lines:
        tokens = seg.tokenize(line) if args.filter or args.pos is not None else [t for t in seg.cut(line) if not t.isspace()]
        out.write(" ".join(tokens) + "\n")
    return 0


def _segment_to_parquet(args: argparse.Namespace, seg, load_options: dict) -> int:
    """``textkit segment CORPUS --out FILE.parquet``: the corpus store of a run, written as one Parquet file."""
    import shutil

    from textkit.engine.build import build_store
    from textkit.engine.executor import get_executor

    if args.file == "-":
        raise ParameterError("--out needs a corpus file or folder, not standard input")
    out = args.out
    if not str(out).endswith(".parquet"):
        raise ParameterError(f"--out {out}: give a file name ending in .parquet")
    if args.workers is not None and args.scheduler != "local":
        raise ParameterError("--workers sets the size of a local cluster: give it with --scheduler local")
    work = f"{out}.textkit-build"  # beside the output: on the same (shared) storage as the workers
    with get_executor(args.scheduler, args.n_jobs or 1, workers=args.workers) as executor:
        try:
            store = build_store(args.file, out=work, segmenter=seg, repeated=not args.keep_repeated, executor=executor,
                                **load_options)
            n = store.export(out)
        finally:
            if "://" not in work:
                shutil.rmtree(work, ignore_errors=True)
            else:
                import fsspec

                fs, path = fsspec.core.url_to_fs(work)
                if fs.exists(path):
                    fs.rm(path, recursive=True)
    print(f"{n:,} documents, {store.manifest['tokens']:,} tokens -> {out}", file=sys.stderr)
    return 0


def _run(args: argparse.Namespace) -> int:
    from textkit.runner import run_notebooks

    params: dict[str, str] = dict(args.parameter or [])
    load_options = {
        "format": args.format,
        "text_column": args.text_column,
        "title_column": args.title_column,
        "id_column": args.id_column,
        "group_column": args.group_column,
        "date_column": args.date_column,
    }
    result = run_notebooks(
        notebooks_dir=args.notebooks,
        corpus=args.corpus,
        out=args.out,
        figures=args.figures,
        only=args.only,
        parameters=params,
        load_options={k: v for k, v in load_options.items() if v is not None},
        html=not args.no_html,
        scheduler=args.scheduler,
        workers=args.workers,
    )
    return 0 if result.ok else 1


def _add_column_options(group) -> None:
    group.add_argument("--text-column", metavar="COLUMN", help="the text of each document (default: text)")
    group.add_argument("--title-column", metavar="COLUMN", help="its title")
    group.add_argument("--id-column", metavar="COLUMN", help="a unique id")
    group.add_argument("--group-column", metavar="COLUMN", help="its group (outlet, section, source…)")
    group.add_argument("--date-column", metavar="COLUMN", help="its date")
    group.add_argument("--format", choices=["auto", "seed", "files", "lines", "csv", "jsonl"],
                       help="how to read the corpus (default: auto, from the file ending)")


def _add_cluster_options(parser) -> None:
    parser.add_argument("--scheduler", metavar="ADDRESS", help="run the heavy work on a Dask cluster: tcp://HOST:PORT, a "
                        "scheduler file, 'auto' ($DASK_SCHEDULER_ADDRESS) or 'local' (a local cluster of --workers "
                        "processes, started once for the run)")
    parser.add_argument("--workers", type=int, metavar="N", help="with --scheduler local: worker processes (default: the cores)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="textkit", description="Chinese text analysis and topic modelling.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("segment", help="print each line of FILE as space-separated tokens")
    p.add_argument("file", metavar="FILE", help="a text file in any script and a common encoding; '-' reads standard input")
    p.add_argument("--filter", action="store_true", help="drop punctuation, numbers and stopwords (default: print every token)")
    p.add_argument("--pos", metavar="TAGS", help="keep only these jieba part-of-speech tag prefixes, comma-separated (e.g. n,v)")
    p.add_argument("--min-length", type=int, default=1, metavar="N", help="with --filter: shortest token kept")
    p.add_argument("--user-dict", metavar="FILE", help="extra dictionary (jieba format: word [freq] [tag])")
    p.add_argument("--no-domain-dict", action="store_true", help="do not load textkit's domain dictionary")
    p.add_argument("--no-convert", action="store_true", help="segment as written, without Traditional->Simplified projection")
    p.add_argument("--no-hmm", action="store_true", help="do not guess unknown words with jieba's HMM")
    p.add_argument("--backend", choices=["jieba", "rjieba"], default="jieba")
    o = p.add_argument_group("a whole corpus to Parquet (for R, pandas, DuckDB…): the documents and the tokens the notebooks use")
    o.add_argument("--out", metavar="FILE.parquet", help="read FILE as a corpus (like textkit run --corpus), clean it, remove "
                   "repeated sentences, segment it and write one row per document: its columns, the text, tokens "
                   "(list of str) and sentence_lengths (tokens per sentence); FILE may be a folder, a .csv, .jsonl or .txt")
    _add_column_options(o)
    o.add_argument("--keep-repeated", action="store_true", help="keep sentences repeated across the corpus (footers, share prompts)")
    _add_cluster_options(o)
    o.add_argument("--n-jobs", type=int, metavar="N", help="local worker processes when there is no --scheduler (default 1)")
    p.set_defaults(func=_segment)

    r = sub.add_parser(
        "run",
        help="execute the notebooks headlessly with papermill",
        description="Execute the numbered notebooks headlessly on a corpus. The corpus is read once first, "
        "so a missing column stops the run at once with the columns there are.",
        epilog="example: textkit run --corpus news.csv --text-column 正文 --title-column 標題 "
        "--group-column 版面 --date-column 日期 --id-column 編號",
    )
    r.add_argument("--corpus", default="seeds", help="corpus path passed to every notebook (default: seeds): a folder of "
                   ".txt files, a .txt with one document per line, a .csv or .jsonl file, or seed-format files")
    c = r.add_argument_group("columns of a .csv or .jsonl corpus (names as in its header; Chinese names work)")
    c.add_argument("--text-column", metavar="COLUMN", help="the text of each document (default: text)")
    c.add_argument("--title-column", metavar="COLUMN", help="its title (default: the first 40 characters of the text)")
    c.add_argument("--id-column", metavar="COLUMN", help="a unique id (default: file name and line number)")
    c.add_argument("--group-column", metavar="COLUMN", help="its group (outlet, section, source…): keyness, correspondence "
                   "analysis and topic prevalence compare each group with the rest (default: one group)")
    c.add_argument("--date-column", metavar="COLUMN", help="its date (2020-01-05, 2020-01-05 08:30, 2020/1/5, 2020年1月5日…): "
                   "documents per period, keyword and topic trends (notebook 05); unparseable dates are reported and "
                   "those documents kept without a date")
    c.add_argument("--format", choices=["auto", "seed", "files", "lines", "csv", "jsonl"],
                   help="how to read the corpus (default: auto, from the file ending)")
    r.add_argument("--out", default="output", help="folder for executed notebooks, HTML reports and tables (default: output)")
    r.add_argument("--figures", default="figures", help="folder for exported figures (default: figures)")
    r.add_argument("--notebooks", default="notebooks", help="folder of numbered notebooks (default: notebooks)")
    r.add_argument("--only", action="append", metavar="PREFIX", help="run only notebooks whose name starts with PREFIX (repeatable)")
    r.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), help="set a notebook parameter")
    r.add_argument("--no-html", action="store_true", help="do not export HTML reports")
    _add_cluster_options(r)
    r.set_defaults(func=_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``textkit`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    default_show = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, TextkitWarning):
            print(f"textkit: warning: {message}", file=sys.stderr)
        else:
            default_show(message, category, filename, lineno, file, line)

    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("always", category=TextkitWarning)  # shown as a line, never raised
            warnings.showwarning = show
            return args.func(args)
    except TextkitError as exc:
        print(f"textkit: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

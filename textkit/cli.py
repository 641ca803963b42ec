"""The ``textkit`` command line: ``textkit run``, ``notebooks``, ``lab``, ``segment``, ``words`` and ``--version``.

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
from pathlib import Path

from textkit.errors import ParameterError, TextkitError, TextkitWarning

__all__ = ["main"]


_COLUMN_OPTIONS = ("format", "text_column", "title_column", "id_column", "group_column", "date_column", "sheet")
FORMATS = ["auto", "seed", "files", "lines", "csv", "tsv", "jsonl", "json", "xlsx", "parquet"]


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


def _words(args: argparse.Namespace) -> int:
    from textkit.analysis._ranking import round_sig
    from textkit.corpus.clean import RepeatedSentences, clean_text
    from textkit.corpus.load import load_corpus
    from textkit.output.export import save_table
    from textkit.segment import Segmenter
    from textkit.segment.discovery import discover_corpus_words, write_user_dict

    options = {k: getattr(args, k) for k in _COLUMN_OPTIONS}
    seg = Segmenter(user_dict=args.user_dict, backend=args.backend)
    seg.settings()  # a bad dictionary file is an error before the corpus is read
    docs = load_corpus(args.corpus, **{k: v for k, v in options.items() if v is not None})
    # Cleaned as prepare_documents cleans (boilerplate, then sentences repeated across the corpus), so that
    # the words, and their cache entry, are those of the notebooks.
    cleaned = [clean_text(t) for t in docs.text]
    cleaned = [t for t in RepeatedSentences().fit(cleaned).transform(cleaned) if t.strip()]
    words = discover_corpus_words(cleaned, seg, discover=True, cache=not args.no_cache, min_count=args.min_count)
    if args.table:
        table = Path(args.table)
        save_table(words, table.stem, folder=table.parent)
        print(f"textkit: wrote {len(words)} words with their scores to {table.with_suffix('.csv')}", file=sys.stderr)
    if args.dict:
        write_user_dict(words, args.dict)
        print(f"textkit: wrote the jieba dictionary (word freq tag) to {args.dict}; use it with textkit run -p user_dict FILE or textkit segment --user-dict FILE", file=sys.stderr)
    shown = round_sig(words[["word", "count", "pmi", "left_entropy", "right_entropy", "pieces"]])
    characters = sum(map(len, cleaned))
    print(f"{len(words)} new words in {len(cleaned):,} documents ({characters:,} characters), best first:")
    if len(shown):
        print(shown.to_string(index=False))
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
        "sheet": args.sheet,
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


def _notebooks(args: argparse.Namespace) -> int:
    from textkit.notebooks import copy_notebooks

    result = copy_notebooks(args.dest, force=args.force)
    dest = result.folder
    if result.copied:
        unchanged = f"; {len(result.unchanged)} already there, unchanged" if result.unchanged else ""
        print(f"copied {len(result.copied)} file(s) to {dest}{unchanged} (the numbered notebooks and their paired .py scripts)")
    else:
        print(f"{dest} already holds textkit's notebooks ({len(result.unchanged)} files, unchanged)")
    print(f"  open them:  textkit lab {dest}")
    print(f"  run them:   textkit run --notebooks {dest}")
    beside = (dest.resolve().parent / "figures").as_posix()
    print(f"  run in JupyterLab, they read the demonstration corpus (corpus = None) and write beside {dest}: figures to {beside}, "
          f"tables to {(dest.resolve().parent / 'output' / 'tables').as_posix()}")
    return 0


def _lab(args: argparse.Namespace) -> int:
    import os
    import subprocess

    from textkit.notebooks import lab_command

    argv, env = lab_command(args.folder, args.jupyter_args)
    print(f"textkit: JupyterLab on {args.folder or 'notebooks'}, kernel python3 = {sys.executable}", file=sys.stderr)
    sys.stdout.flush()
    if os.name == "posix":
        os.execve(argv[0], argv, env)  # JupyterLab takes over this process: Ctrl-C reaches it alone
    return subprocess.call(argv, env=env)


class _Version(argparse.Action):
    """``--version``: computed only when asked (in a checkout it asks git)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from textkit.version import describe_version

        print(describe_version())
        parser.exit()


def _add_column_options(group) -> None:
    group.add_argument("--text-column", metavar="COLUMN", help="the text of each document (default: text)")
    group.add_argument("--title-column", metavar="COLUMN", help="its title")
    group.add_argument("--id-column", metavar="COLUMN", help="a unique id")
    group.add_argument("--group-column", metavar="COLUMN", help="its group (outlet, section, source…)")
    group.add_argument("--date-column", metavar="COLUMN", help="its date")
    group.add_argument("--format", choices=FORMATS, help="how to read the corpus (default: auto, from the file's ending and content)")
    group.add_argument("--sheet", metavar="NAME", help="the sheet of an Excel workbook (default: the first)")


def _add_cluster_options(parser) -> None:
    parser.add_argument("--scheduler", metavar="ADDRESS", help="run the heavy work on a Dask cluster: tcp://HOST:PORT, a "
                        "scheduler file, 'auto' ($DASK_SCHEDULER_ADDRESS) or 'local' (a local cluster of --workers "
                        "processes, started once for the run)")
    parser.add_argument("--workers", type=int, metavar="N", help="with --scheduler local: worker processes (default: the cores)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="textkit", description="Chinese text analysis and topic modelling.")
    parser.add_argument("--version", action=_Version, help="print the version (and the git commit of the code) and exit")
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
    p.add_argument("--backend", choices=["rjieba", "jieba"], help="segmentation engine (default: rjieba; tagging, --pos, always uses jieba)")
    o = p.add_argument_group("a whole corpus to Parquet (for R, pandas, DuckDB…): the documents and the tokens the notebooks use")
    o.add_argument("--out", metavar="FILE.parquet", help="read FILE as a corpus (like textkit run --corpus), clean it, remove "
                   "repeated sentences, find new words (as the notebooks do, from 100,000 characters), segment it and write one "
                   "row per document: its columns, the text, tokens (list of str) and sentence_lengths (tokens per sentence); "
                   "FILE may be a folder, a .txt, or a table (.csv, .tsv, .jsonl, .json, .xlsx, .parquet)")
    _add_column_options(o)
    o.add_argument("--keep-repeated", action="store_true", help="keep sentences repeated across the corpus (footers, share prompts)")
    _add_cluster_options(o)
    o.add_argument("--n-jobs", type=int, metavar="N", help="local worker processes when there is no --scheduler (default 1)")
    p.set_defaults(func=_segment)

    w = sub.add_parser(
        "words",
        help="find the words of a corpus that jieba cuts into fragments (names, terms)",
        description="Find new words in a corpus (n-gram cohesion and boundary entropy), as notebook 01 does, "
        "and print them best first; --table and --dict write them.",
        epilog="example: textkit words news.csv --text-column 正文 --dict my_words.txt "
        "(then: textkit segment --user-dict my_words.txt file.txt)",
    )
    w.add_argument("corpus", metavar="CORPUS", help="a folder of .txt files, a .txt with one document per line, or a table "
                   "(.csv, .tsv, .jsonl, .json, .xlsx, .parquet)")
    _add_column_options(w.add_argument_group("columns of a table corpus (as for textkit run)"))
    w.add_argument("--table", metavar="FILE.csv", help="write the words with their counts and scores (UTF-8 CSV)")
    w.add_argument("--dict", metavar="FILE.txt", help="write them as a jieba dictionary (word freq tag) for --user-dict")
    w.add_argument("--user-dict", metavar="FILE", help="your dictionary: its words are never rediscovered, and win over a discovered word")
    w.add_argument("--min-count", type=int, default=5, metavar="N", help="fewest occurrences of a word (default: 5)")
    w.add_argument("--backend", choices=["rjieba", "jieba"], help="segmentation engine (default: rjieba)")
    w.add_argument("--no-cache", action="store_true", help="do not read or keep the result in the cache folder")
    w.set_defaults(func=_words)

    r = sub.add_parser(
        "run",
        help="execute the notebooks headlessly with papermill",
        description="Execute the numbered notebooks headlessly on a corpus. The corpus is read once first, "
        "so a missing column stops the run at once with the columns there are.",
        epilog="example: textkit run --corpus news.csv --text-column 正文 --title-column 標題 "
        "--group-column 版面 --date-column 日期 --id-column 編號",
    )
    r.add_argument("--corpus", help="corpus path passed to every notebook (default: textkit's demonstration corpus, the "
                   "seed): a folder of .txt files, a .txt with one document per line, a .csv, .tsv, .jsonl, .json, .xlsx "
                   "or .parquet file, or seed-format files")
    c = r.add_argument_group("columns of a table: .csv, .tsv, .jsonl, .json, .xlsx, .parquet "
                             "(names as in its header; Chinese names work)")
    c.add_argument("--text-column", metavar="COLUMN", help="the text of each document (default: text)")
    c.add_argument("--title-column", metavar="COLUMN", help="its title (default: the first 40 characters of the text)")
    c.add_argument("--id-column", metavar="COLUMN", help="a unique id (default: file name and line number)")
    c.add_argument("--group-column", metavar="COLUMN", help="its group (outlet, section, source…): keyness, correspondence "
                   "analysis and topic prevalence compare each group with the rest (default: one group)")
    c.add_argument("--date-column", metavar="COLUMN", help="its date (2020-01-05, 2020-01-05 08:30, 2020/1/5, 2020年1月5日…): "
                   "documents per period, keyword and topic trends (notebook 05); unparseable dates are reported and "
                   "those documents kept without a date")
    c.add_argument("--format", choices=FORMATS,
                   help="how to read the corpus (default: auto, from the file's ending and content; json is an array of "
                   "objects, jsonl one object per line)")
    c.add_argument("--sheet", metavar="NAME", help="the sheet of an Excel workbook (default: the first); reaches the "
                   "notebooks as the parameter sheet")
    r.add_argument("--out", default="output", help="folder for executed notebooks, HTML reports, tables and the topic model notebook 03 saves (default: output)")
    r.add_argument("--figures", default="figures", help="folder for exported figures (default: figures)")
    r.add_argument("--notebooks", help="folder of numbered notebooks (default: ./notebooks where it holds textkit's "
                   "notebooks, as copies made by textkit notebooks do, else the notebooks installed with textkit)")
    r.add_argument("--only", action="append", metavar="PREFIX", help="run only notebooks whose name starts with PREFIX (repeatable)")
    r.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), help="set a notebook parameter")
    r.add_argument("--no-html", action="store_true", help="do not export HTML reports")
    _add_cluster_options(r)
    r.set_defaults(func=_run)

    n = sub.add_parser(
        "notebooks",
        help="copy textkit's notebooks into a folder, to edit them",
        description="Copy the numbered notebooks (and their paired .py scripts) into DEST, to edit and run them: "
        "textkit lab DEST opens them, textkit run --notebooks DEST runs them. A file that differs from the one "
        "it would write (an edited copy) is never overwritten without --force.",
    )
    n.add_argument("dest", nargs="?", default="notebooks", metavar="DEST", help="the folder (default: notebooks)")
    n.add_argument("--force", action="store_true", help="overwrite files that differ from textkit's")
    n.set_defaults(func=_notebooks)

    la = sub.add_parser(
        "lab",
        usage="textkit lab [-h] [DIR] [JUPYTERLAB OPTIONS ...]",
        help="open JupyterLab on a notebook folder, with textkit's kernel",
        description="Open JupyterLab on a notebook folder (default: ./notebooks; textkit notebooks DIR makes one), "
        "with the kernel of this textkit's Python (as make lab does; as root too). Further options go to JupyterLab, "
        "after the folder: textkit lab mine --no-browser --port 8890",
    )
    la.add_argument("folder", nargs="?", metavar="DIR", help="the notebook folder (default: notebooks)")
    la.set_defaults(func=_lab, jupyter_args=[])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``textkit`` console script."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["lab"] and not set(argv[1:2]) & {"-h", "--help"}:
        # JupyterLab's options pass through untouched: DIR, if given, comes first.
        rest = argv[1:]
        folder = rest.pop(0) if rest and not rest[0].startswith("-") else None
        args = argparse.Namespace(command="lab", func=_lab, folder=folder, jupyter_args=rest[1:] if rest[:1] == ["--"] else rest)
    else:
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

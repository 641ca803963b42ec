"""What cleaning removes from real corpora: every boilerplate rule, and the sentences found by repetition.

Reads THUCNews articles and the Weibo posts from the evaluation folder at run
time (``$TEXTKIT_EVAL_DIR``, default ``../shared/eval``) and prints, per
corpus:

* per boilerplate rule (:func:`textkit.corpus.clean.audit_boilerplate`): matches,
  documents, characters removed and a few examples, to read for false
  positives (content taken for boilerplate);
* what is left of the boilerplate words after cleaning (``展开全文``,
  ``网页链接``, ``微博视频``, ``来源：``…), to read for misses;
* the sentences :class:`textkit.corpus.clean.RepeatedSentences` finds repeated, with
  their document counts, and the time it takes.

The output quotes the corpora: read it, do not commit it.

    python benchmarks/cleaning_audit.py [--examples 3] [--repeated 15]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import eval_dir, read_labelled, require  # noqa: E402

# Words that boilerplate contains; counted in the cleaned text to show what a rule missed.
LEFTOVERS = ["展开全文", "网页链接", "微博视频", "秒拍视频", "微博直播", "来源：", "来源:", "记者", "编辑：", "我要评论", "(微博)", "（微博）", "新浪"]


def corpora(root: Path) -> dict[str, list[str]]:
    from textkit.corpus.load import load_corpus

    articles, _ = read_labelled(require(root / "thucnews" / "cnews_sample1000.txt"), "label-tab-text")
    weibo = load_corpus(require(root / "weibo_cctv" / "cctv_weibo_2020.csv"), text_column="text", id_column="id")
    return {"THUCNews articles (cnews_sample1000)": articles, "Weibo posts (cctv_weibo_2020)": weibo.text.tolist()}


def report(name: str, texts: list[str], *, examples: int, repeated: int) -> None:
    from textkit.corpus.clean import RepeatedSentences, audit_boilerplate, clean_text

    chars = sum(map(len, texts))
    print(f"\n=== {name}: {len(texts):,} documents, {chars:,} characters")
    table = audit_boilerplate(texts, examples=examples)
    print(f"{'rule':<20} {'matches':>8} {'docs':>6} {'chars':>7}  examples")
    for row in table.itertuples():
        print(f"{row.rule:<20} {row.matches:>8,} {row.documents:>6,} {row.characters:>7,}  " + " | ".join(row.examples))
    print(f"{'total':<20} {table.matches.sum():>8,} {'':>6} {table.characters.sum():>7,}  ({table.characters.sum() / chars:.2%} of the text)")

    start = time.perf_counter()
    cleaned = [clean_text(t) for t in texts]
    clean_s = time.perf_counter() - start
    print(f"\nleft after cleaning (documents holding the word; {clean_s:.2f} s to clean):")
    for word in LEFTOVERS:
        holding = [t for t in cleaned if word in t]
        if holding:
            m = re.search(re.escape(word), holding[0])
            print(f"  {word:<8} {len(holding):>6,}  e.g. …{holding[0][max(0, m.start() - 12):m.end() + 8]}…")

    start = time.perf_counter()
    model = RepeatedSentences().fit(cleaned)
    after = model.transform(cleaned)
    seconds = time.perf_counter() - start
    removed = sum(map(len, cleaned)) - sum(map(len, after))
    emptied = sum(1 for a, b in zip(cleaned, after) if a.strip() and not b.strip())
    print(
        f"\nrepeated sentences (in >= {model.threshold_} documents): {len(model.repeated_)}; "
        f"{removed:,} characters removed, {emptied} documents emptied; fit + transform {seconds:.2f} s"
    )
    for row in model.repeated_.head(repeated).itertuples():
        print(f"  {row.documents:>6,} {row.share:>6.1%}  {row.sentence[:70]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=3, help="examples per rule")
    parser.add_argument("--repeated", type=int, default=15, help="repeated sentences shown")
    args = parser.parse_args()
    for name, texts in corpora(eval_dir()).items():
        report(name, texts, examples=args.examples, repeated=args.repeated)
    return 0


if __name__ == "__main__":
    sys.exit(main())

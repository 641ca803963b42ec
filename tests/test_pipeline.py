"""prepare_documents: boilerplate found by repetition is removed and reported; what repeats only twice stays."""

from __future__ import annotations

import csv
import warnings

import pytest

from textkit.errors import EmptyDocumentsWarning, ParameterError
from textkit.engine.pipeline import PreparationReport, prepare_documents

FOOTER = "訂戶可享月費優惠，詳情請瀏覽本網站。"
TWICE = "海澱區委書記於軍表示產學研用是關鍵環節。"


@pytest.fixture(scope="module")
def scraped(tmp_path_factory, seed_sentences):
    """30 documents of real seed sentences, each with the site's footer; one sentence in two documents; one footer only."""
    folder = tmp_path_factory.mktemp("scraped")
    path = folder / "news.csv"
    rows = []
    for i in range(30):
        body = "".join(seed_sentences[(3 * i + j) % len(seed_sentences)] for j in range(3))
        extra = TWICE if i in (4, 17) else ""
        rows.append({"id": f"n{i:02d}", "text": f"{body}{extra}\n{FOOTER}"})
    rows.append({"id": "footer-only", "text": FOOTER})
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["id", "text"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_repeated_footer_is_removed_reported_and_a_sentence_seen_twice_kept(scraped, tmp_path):
    with pytest.warns(EmptyDocumentsWarning, match="footer-only"):
        docs, report = prepare_documents(scraped, id_column="id", return_report=True, cache=tmp_path / "cache")
    assert isinstance(report, PreparationReport)
    assert report.repeated.to_dict("records") == [{"sentence": FOOTER, "documents": 31, "share": 1.0}]
    assert report.threshold == 10 and report.documents == 31
    assert report.emptied.doc_id.tolist() == ["footer-only"] and report.emptied.text.tolist() == [FOOTER]
    assert report.summary() == ("1 sentence recurs in 10 or more of the 31 documents and was removed (31 occurrences); "
                                "1 document held nothing else and was left out.")
    assert len(docs) == 30 and not docs.text.str.contains("訂戶").any()
    assert not any("訂戶" in t for toks in docs.tokens for t in toks)
    kept = docs.set_index("doc_id").text
    assert TWICE in kept["n04"] and TWICE in kept["n17"]  # only two documents: content, not boilerplate
    assert "於軍" in docs.set_index("doc_id").tokens["n04"]


def test_the_step_can_be_off_or_tuned(scraped, tmp_path):
    from textkit.corpus.clean import RepeatedSentences

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        docs = prepare_documents(scraped, repeated=False, cache=tmp_path / "cache")
    assert docs.text.str.contains("訂戶").all()
    with pytest.warns(EmptyDocumentsWarning):
        _, report = prepare_documents(scraped, repeated=RepeatedSentences(min_documents=3), return_report=True, cache=tmp_path / "cache")
    assert FOOTER in set(report.repeated.sentence) and TWICE not in set(report.repeated.sentence)
    assert report.threshold == 3
    with pytest.raises(ParameterError, match="repeated"):
        prepare_documents(scraped, repeated="yes")


def test_the_seed_loses_nothing(tmp_path):
    from conftest import SEED_DIR

    docs, report = prepare_documents(SEED_DIR, return_report=True, cache=tmp_path / "cache")
    assert report.repeated.empty and report.emptied.empty and len(docs) == 40
    assert report.summary().startswith("No sentence recurs in 10 or more of the 40 documents")

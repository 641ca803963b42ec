"""Groups: any number of them, each against the rest; a group too small is named, never dropped in silence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthetic import SECTION_WORDS, news_frame

from textkit.errors import ParameterError
from textkit.analysis.groups import (
    compared_groups,
    correspondence_analysis,
    group_summary,
    groups_message,
    keyness_by_group,
    prevalence_by_group,
    section_similarity,
    topic_titles,
)
from textkit.analysis.keywords import keyness


@pytest.fixture(scope="module")
def news(segmenter):
    frame = news_frame()
    return frame.assign(tokens=[segmenter.tokenize(t) for t in frame.正文])


def test_summary_names_the_group_too_small(news):
    summary = group_summary(news.版面, news.tokens, min_docs=5)
    assert summary.group.tolist() == ["社會", "財經", "體育", "國際"]
    assert summary.documents.tolist() == [24, 22, 18, 2]
    assert compared_groups(summary) == ["社會", "財經", "體育"]
    assert summary.set_index("group").at["國際", "status"].startswith("too few documents (2 < 5)")
    message = groups_message(summary)
    assert "4 groups" in message and "國際 (2)" in message and "stay in the rest" in message


def test_one_group_says_so():
    summary = group_summary(["全部"] * 6, [["疫情"]] * 6)
    assert not summary.compared.any()
    assert groups_message(summary).startswith("Only one group (全部)")
    assert keyness_by_group([["疫情"]] * 6, ["全部"] * 6).empty
    assert correspondence_analysis([["疫情"]] * 6, ["全部"] * 6) is None


def test_keyness_by_group_is_one_tidy_table_of_each_group_against_the_rest(news):
    key = keyness_by_group(news.tokens, news.版面, min_freq=3, min_docs=5)
    assert list(key.columns) == ["group", "term", "freq_group", "freq_rest", "g2", "log_ratio", "p", "p_adjusted", "chi2"]
    assert list(dict.fromkeys(key.group)) == ["社會", "財經", "體育"]  # 國際 is too small: no rows of its own
    for group, words in SECTION_WORDS.items():
        if group == "國際":
            continue
        part = key[key.group == group]
        top = set(part.term.head(8))
        assert len(top & set(words)) >= 6, (group, top)
        assert (part.head(8).p_adjusted < 0.05).all()
    # The rest of 社會 includes the small group's documents: counts add up to the corpus.
    total = pd.Series([t for toks in news.tokens for t in toks]).value_counts()
    row = key[(key.group == "社會") & (key.term == "醫院")].iloc[0]
    assert row.freq_group + row.freq_rest == total["醫院"]


def test_keyness_by_group_equals_keyness_of_the_group_against_the_rest(news):
    key = keyness_by_group(news.tokens, news.版面, min_freq=3, min_docs=5)
    inside = news.版面 == "財經"
    direct = keyness(news.tokens[inside], news.tokens[~inside], min_freq=3)
    mine = key[key.group == "財經"].drop(columns="group").reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, direct.rename(columns={"freq_target": "freq_group", "freq_reference": "freq_rest"})[mine.columns])


def test_correspondence_analysis_maps_groups_and_their_words(news):
    ca = correspondence_analysis(news.tokens, news.版面, n_terms=20, min_freq=3, min_docs=5)
    coords = ca.coordinates
    groups = coords[coords.kind == "group"].set_index("label")
    terms = coords[coords.kind == "term"].set_index("label")
    assert groups.index.tolist() == ["社會", "財經", "體育"] and len(terms) == 20
    assert 0.99 <= sum(ca.inertia) <= 1.0 + 1e-9  # three groups: two axes hold all the inertia
    # Each section's own words lie nearer to it than to the other sections.
    for group in groups.index:
        own = [w for w in SECTION_WORDS[group] if w in terms.index]
        assert own
        for word in own:
            d = np.hypot(groups.dim1 - terms.at[word, "dim1"], groups.dim2 - terms.at[word, "dim2"])
            assert d.idxmin() == group, (word, d.to_dict())
    # Common words sit near the centre.
    assert "記者" not in terms.index or np.hypot(terms.at["記者", "dim1"], terms.at["記者", "dim2"]) < 0.5


def test_correspondence_analysis_needs_three_groups(news):
    two = news[news.版面.isin(["社會", "財經"])]
    assert correspondence_analysis(two.tokens, two.版面, min_freq=3) is None


def test_correspondence_map_is_fixed_in_orientation_and_order(news):
    a = correspondence_analysis(news.tokens, news.版面, n_terms=20, min_freq=3)
    groups = a.coordinates[a.coordinates.kind == "group"]
    for axis in ("dim1", "dim2"):  # the group farthest out on an axis lies on its positive side
        assert groups.loc[groups[axis].abs().idxmax(), axis] > 0
    # Documents in another order give the same map, up to a rotation within a plane of equal inertia:
    # the distances between terms and groups do not move.
    reordered = news.iloc[::-1]
    b = correspondence_analysis(reordered.tokens, reordered.版面, n_terms=20, min_freq=3)

    def distances(ca):
        c = ca.coordinates.set_index("label")
        g, t = c[c.kind == "group"].sort_index(), c[c.kind == "term"].sort_index()
        return np.hypot(t.dim1.to_numpy()[:, None] - g.dim1.to_numpy(), t.dim2.to_numpy()[:, None] - g.dim2.to_numpy())

    np.testing.assert_allclose(distances(a), distances(b), atol=1e-4)


def test_prevalence_by_group_intervals_and_difference_from_the_rest():
    rng = np.random.default_rng(1)
    groups = np.repeat(["甲", "乙", "丙", "丁"], [200, 200, 200, 3])
    share = np.where(groups == "甲", 0.6, 0.3)
    theta = pd.DataFrame({"topic 0": rng.beta(share * 10, (1 - share) * 10)})
    theta["topic 1"] = 1 - theta["topic 0"]
    out = prevalence_by_group(theta, groups, n_boot=500, min_docs=5, random_state=0)
    assert out.group.unique().tolist() == ["甲", "乙", "丙"]  # 丁 has 3 documents
    first = out[(out.group == "甲") & (out.topic == "topic 0")].iloc[0]
    assert first.ci_low < 0.6 < first.ci_high and first.ci_high - first.ci_low < 0.06
    assert first.differs and first.diff_low > 0.2
    second = out[(out.group == "乙") & (out.topic == "topic 0")].iloc[0]
    assert second.difference < 0 and second.differs
    # The same input gives the same intervals; a group's interval does not depend on the others.
    again = prevalence_by_group(theta.iloc[:400], groups[:400], n_boot=500, min_docs=5, random_state=0)
    pd.testing.assert_series_equal(out[out.group == "甲"].ci_low.reset_index(drop=True), again[again.group == "甲"].ci_low.reset_index(drop=True))


def test_prevalence_by_group_checks_its_input():
    with pytest.raises(ParameterError, match="theta has 2 documents but 3 groups"):
        prevalence_by_group(pd.DataFrame({"topic 0": [1.0, 1.0]}), ["甲", "乙", "丙"])
    with pytest.raises(ParameterError, match="n_boot"):
        prevalence_by_group(pd.DataFrame({"topic 0": [1.0] * 10}), ["甲", "乙"] * 5, n_boot=10)


def test_section_similarity_only_for_sectioned_corpora(segmenter):
    from textkit.engine.pipeline import prepare_documents

    seed = prepare_documents("seeds")
    link = section_similarity(seed)
    assert link.shape == (20, 4) and link.columns[0] == "導語"
    plain = seed.assign(section=None)
    assert section_similarity(plain) is None


def test_topic_titles():
    terms = pd.DataFrame({"topic": [1, 0, 0], "rank": [1, 2, 1], "term": ["經濟", "防控", "疫情"]})
    assert topic_titles(terms) == {"topic 0": "topic 0: 疫情 防控", "topic 1": "topic 1: 經濟"}

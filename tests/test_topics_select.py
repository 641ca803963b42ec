"""Choosing k and the model: criteria counted per shard, the rule on a planted corpus, short texts get a short-text model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from textkit.analysis.topics import build_corpus
from textkit.analysis.topics.criteria import (
    count_codocuments,
    heldout_split,
    score_heldout,
    score_residuals,
    topic_npmi,
    unit_hash,
)
from textkit.errors import ParameterError

# Twelve themes of real Chinese news words, twelve words each.
THEMES = [
    ["股市", "基金", "證券", "指數", "漲停", "券商", "投資者", "牛市", "板塊", "估值", "市值", "散戶"],
    ["球隊", "比賽", "進球", "聯賽", "冠軍", "教練", "球員", "決賽", "主場", "射門", "點球", "球迷"],
    ["房價", "樓盤", "開發商", "住宅", "房貸", "首付", "物業", "租金", "地產", "樓市", "購房", "二手房"],
    ["考生", "高考", "錄取", "學校", "教師", "課程", "大學", "招生", "分數", "考研", "學生", "畢業"],
    ["手機", "芯片", "軟件", "網絡", "互聯網", "數據", "算法", "智能", "電腦", "屏幕", "處理器", "系統"],
    ["電影", "導演", "演員", "票房", "劇組", "上映", "主演", "影片", "劇情", "明星", "首映", "角色"],
    ["遊戲", "玩家", "關卡", "網遊", "副本", "角色扮演", "公測", "電競", "裝備", "伺服器", "主機", "手遊"],
    ["醫院", "患者", "醫生", "疫苗", "病毒", "治療", "藥品", "臨床", "感染", "護士", "手術", "病例"],
    ["外交", "總統", "選舉", "議會", "談判", "制裁", "大使", "峰會", "條約", "國會", "首相", "聯合國"],
    ["時裝", "品牌", "設計師", "秀場", "面料", "搭配", "潮流", "香水", "配飾", "模特", "時尚", "珠寶"],
    ["家具", "裝修", "沙發", "地板", "廚房", "衛浴", "櫥櫃", "建材", "瓷磚", "臥室", "窗簾", "家居"],
    ["農業", "糧食", "小麥", "農民", "種植", "化肥", "收成", "水稻", "農村", "豐收", "灌溉", "耕地"],
]
COMMON = ["記者", "今天", "表示", "發布", "新聞", "時間", "城市", "政府", "情況", "工作"]


def planted_corpus(n_docs: int = 480, length: int = 40, seed: int = 0) -> list[list[str]]:
    """LDA's generative story with 12 planted topics (document shares Dirichlet(0.1)) and 15% common words."""
    rng = np.random.default_rng(seed)
    docs = []
    for _ in range(n_docs):
        theta = rng.dirichlet(np.full(len(THEMES), 0.1))
        z = rng.choice(len(THEMES), size=length, p=theta)
        words = [THEMES[t][rng.integers(12)] if rng.random() > 0.15 else COMMON[rng.integers(len(COMMON))] for t in z]
        docs.append(words)
    return docs


def test_codocument_counts_are_the_same_in_one_shard_or_three():
    docs = planted_corpus(90)
    words = sorted({w for t in THEMES[:3] for w in t[:6]} | {"記者"})
    one = count_codocuments(docs, words=words)
    three = count_codocuments(docs[:20], words=words) + count_codocuments(docs[20:55], words=words) + count_codocuments(docs[55:], words=words)
    assert one.documents == three.documents == 90
    assert (one.df == three.df).all() and (one.pairs != three.pairs).nnz == 0
    topics = [THEMES[0][:6], THEMES[1][:6], [THEMES[0][0], THEMES[1][0], "記者"]]
    npmi = topic_npmi(one, topics)
    assert (npmi == topic_npmi(three, topics)).all()
    assert npmi[0] > 0 and npmi[1] > 0 and npmi[2] < npmi[0]  # a planted topic coheres, a mixed list less


def test_heldout_and_residual_scores_are_the_same_in_one_shard_or_three():
    docs = planted_corpus(120)
    positions = np.arange(len(docs))
    observed, heldout = heldout_split(docs, positions, share=0.1, seed=3)
    held = [i for i, h in enumerate(heldout) if h]
    assert 4 <= len(held) <= 25 and all(len(heldout[i]) == 20 and len(observed[i]) == 20 for i in held)
    vocabulary = sorted({w for d in docs for w in d})
    rng = np.random.default_rng(0)
    phi = rng.dirichlet(np.ones(len(vocabulary)), size=12)
    theta = rng.dirichlet(np.ones(12), size=len(docs))

    def heldout_scores(part):
        idx = [i for i in held if i in part]
        return score_heldout(theta[idx], [heldout[i] for i in idx], positions[idx], phi, vocabulary)

    one = heldout_scores(range(120))
    three = heldout_scores(range(80, 120)) + heldout_scores(range(30)) + heldout_scores(range(30, 80))
    assert one.summary() == three.summary() and one.summary()[2] == len(held)
    from scipy import sparse

    index = {w: j for j, w in enumerate(vocabulary)}
    X = sparse.csr_matrix(np.array([np.bincount([index[w] for w in d], minlength=len(vocabulary)) for d in observed]))

    def residuals(part):
        part = np.asarray(part)
        return score_residuals(X[part], theta[part], phi, positions[part])

    whole = residuals(range(120)).dispersion(12, len(vocabulary))
    cut = (residuals(range(60, 120)) + residuals(range(60))).dispersion(12, len(vocabulary))
    assert whole == cut and whole > 1  # random topics fit badly: residuals above Poisson


def test_samples_do_not_depend_on_the_cut():
    a = unit_hash(np.arange(1000), 5)
    assert (unit_hash(np.arange(500, 1000), 5) == a[500:]).all()
    assert 0.08 < (a < 0.1).mean() < 0.12


@pytest.fixture(scope="module")
def planted_search():
    from textkit.analysis.topics.select import search_k

    docs = planted_corpus()
    dictionary, _, _ = build_corpus(docs, no_below=2, no_above=0.5, keep_n=5000)
    return search_k(docs, dictionary, iterations=100, n_jobs=1)


def test_k_is_not_chosen_at_the_smallest_grid_value_on_twelve_planted_topics(planted_search):
    result, choice = planted_search
    assert choice["grid"][0] == 2 and choice["k"] > min(choice["grid"])
    assert 8 <= choice["k"] <= 15, choice["rule"]
    summary = choice["summary"].set_index("k")
    assert summary.loc[choice["k"], "stable"] and summary.loc[choice["k"], "stable_share"] >= 0.7
    assert summary.loc[2, "heldout"] < summary.loc[choice["k"], "heldout"]  # two topics predict held-out words worse
    assert choice["rule"].startswith(f"k = {choice['k']}: ")


def test_the_rule_takes_the_smallest_stable_k_within_one_standard_error_of_the_best():
    from textkit.analysis.topics.select import Sweep, choose_k

    rows = [(2, 1.0, -7.0), (4, 0.4, -6.8), (6, 0.8, -6.6), (10, 0.9, -6.50), (15, 0.75, -6.48), (25, 0.5, -6.3), (40, 0.3, -6.2)]
    table = pd.DataFrame([{"k": k, "seed": s, "heldout": h, "npmi": 0.1, "exclusivity": 9.0, "dispersion": 2.0,
                           "stability": share, "stable_share": share} for k, share, h in rows for s in (1, 2)])
    rng = np.random.default_rng(0)
    noise = rng.normal(0, 0.5, 100)  # per-document scores: standard error 0.05
    heldout = {k: h + noise - noise.mean() for k, _, h in rows}
    choice = choose_k(Sweep(table, heldout), min_stable_share=0.7)
    # Stable: 2, 6, 10, 15; the best of them on held-out is 15 (-6.48), and 10 (-6.50) is within one standard error of it.
    assert choice["k"] == 10 and choice["best_heldout_k"] == 40 and choice["edge"] is None, choice["rule"]
    assert choice["summary"].set_index("k").stable.tolist() == [True, False, True, True, True, False, False]
    assert "k = 15" in choice["rule"] and "best at k = 40" in choice["rule"]
    tight = {k: h + (noise - noise.mean()) / 100 for k, _, h in rows}  # standard error 0.0005: the best stable k wins
    assert choose_k(Sweep(table, tight))["k"] == 15
    unstable = table.assign(stable_share=0.5, stability=0.5)
    unstable.loc[unstable.k == 2, "stable_share"] = 1.0  # the smallest k always comes back
    unstable.loc[unstable.k == 25, "stable_share"] = 0.6
    lowered = choose_k(Sweep(unstable, heldout))
    assert lowered["k"] == 25 and "lowered from 70%" in lowered["rule"], lowered["rule"]  # not k = 2
    one_seed = table[table.seed == 1].assign(stability=np.nan, stable_share=np.nan)  # nothing to compare with
    alone = choose_k(Sweep(one_seed, heldout))
    assert alone["k"] == 40 and "come back" not in alone["rule"] and "not measured (one seed" in alone["rule"], alone["rule"]


def test_user_k_is_kept_and_an_impossible_k_refused_in_one_line():
    from textkit.analysis.topics.select import search_k

    docs = planted_corpus(60)
    dictionary, _, _ = build_corpus(docs, no_below=2, no_above=0.5)
    result, choice = search_k(docs, dictionary, k=5, iterations=30, seeds=(0, 1))
    assert choice["k"] == 5 and set(result.table.k) == {5} and "set by the user" in choice["rule"]
    with pytest.raises(ParameterError, match=r"^k = 61 asks for more topics than the corpus has documents with words \(60\)"):
        search_k(docs, dictionary, k=61)


def test_stability_settings_out_of_range_are_refused_before_any_k_is_trained(monkeypatch):
    from textkit.analysis.topics import select

    docs = planted_corpus(60)
    dictionary, _, _ = build_corpus(docs, no_below=2, no_above=0.5)

    def trained(*args, **kwargs):
        raise AssertionError("a k was trained before the settings were checked")

    monkeypatch.setattr(select, "sweep", trained)
    with pytest.raises(ParameterError, match=r"^min_stable_share must be in \(0, 1\] \(got 2\.0\)$"):
        select.search_k(docs, dictionary, min_stable_share=2.0)
    with pytest.raises(ParameterError, match=r"^min_stability must be a Jaccard overlap in \[0, 1\] \(got 5\.0\)$"):
        select.search_k(docs, dictionary, k=5, min_stability=5.0)


def test_the_sweep_stops_once_two_k_above_the_winner_are_not_stable(monkeypatch):
    """The grid is trained two k at a time from the smallest; the largest k, which cost the most, are never trained."""
    from textkit.analysis.topics import select

    shares = {2: 1.0, 4: 0.8, 5: 0.6, 6: 0.9, 8: 0.5, 10: 0.4, 15: 0.3, 25: 0.2}
    noise = np.random.default_rng(0).normal(0, 0.05, 50)
    trained = []

    def fake_sweep(token_lists, dictionary, *, ks, sample=None, **options):
        trained.append(list(ks))
        table = pd.DataFrame([{"k": k, "seed": s, "heldout": -7 + k / 100, "npmi": 0.1, "exclusivity": 9.0, "dispersion": 2.0,
                               "stability": shares.get(k, 0.1), "stable_share": shares.get(k, 0.1)} for k in ks for s in (1, 2)])
        return select.Sweep(table, {k: -7 + k / 100 + noise - noise.mean() for k in ks}, {}, sample, options["min_stability"])

    monkeypatch.setattr(select, "sweep", fake_sweep)
    docs = planted_corpus(600)
    dictionary, _, _ = build_corpus(docs, no_below=2, no_above=0.5)
    _, choice = select.search_k(docs, dictionary, k_max=60)
    assert choice["grid"] == [2, 4, 6, 10, 15, 25, 40, 60]
    # after 15 and 25 (the two largest tried, above the winner 6, neither stable) 40 and 60 are not trained; then 6's neighbours
    assert trained == [[2, 4], [6, 10], [15, 25], [5, 8]], trained
    assert choice["k"] == 6 and choice["skipped"] == [40, 60] and choice["added"] == [5, 8], choice["rule"]


def test_short_texts_get_the_short_text_model_and_long_ones_lda():
    from textkit.analysis.topics.select import choose_model

    headlines = [d[:8] for d in planted_corpus(200)]
    articles = planted_corpus(200, length=120)
    d_short, _, _ = build_corpus(headlines, no_below=2, no_above=0.5)
    d_long, _, _ = build_corpus(articles, no_below=2, no_above=0.5)
    short = choose_model(headlines, d_short)
    long = choose_model(articles, d_long)
    assert short["model"] == "dmm" and long["model"] == "lda"
    assert "median" in short["reason"] and short["median_tokens"] == 8
    assert choose_model(articles, d_long, model="dmm")["model"] == "dmm"  # the user decides
    assert choose_model(headlines, d_short, short_threshold=5)["model"] == "lda"
    with pytest.raises(ParameterError, match="model"):
        choose_model(headlines, d_short, model="plsa")


def test_dmm_recovers_planted_topics_of_headlines():
    from sklearn.metrics import normalized_mutual_info_score

    from textkit.analysis.topics.short import fit_dmm

    rng = np.random.default_rng(1)
    labels = rng.integers(12, size=600)
    headlines = [[THEMES[t][j] for j in rng.integers(12, size=3)] + [COMMON[j] for j in rng.integers(10, size=2)] for t in labels]
    dictionary, _, _ = build_corpus(headlines, no_below=2, no_above=0.5)
    dmm = fit_dmm(headlines, k=12, dictionary=dictionary, random_state=0)
    assert normalized_mutual_info_score(labels, dmm.doc_topic.argmax(axis=1)) > 0.9
    assert dmm.kind == "dmm" and np.allclose(dmm.doc_topic_counts.sum(axis=1), 1, atol=1e-5)
    again = fit_dmm(headlines, k=12, dictionary=dictionary, random_state=0)
    assert np.array_equal(again.doc_topic, dmm.doc_topic) and np.array_equal(again.topic_word, dmm.topic_word)
    draws = dmm.draw_doc_topic(4, random_state=0)
    assert draws.shape == (4, 600, 12) and set(np.unique(draws)) == {0.0, 1.0}


def test_topic_model_round_trips_through_bytes_with_its_tomotopy_model():
    from textkit.analysis.topics import TopicModel, fit_topics

    docs = planted_corpus(60)
    model = fit_topics(docs, k=4, random_state=2, iterations=30, progress_bar=False)
    again = TopicModel.from_bytes(model.to_bytes())
    assert again.kind == "lda" and again.vocabulary == model.vocabulary and again.settings == model.settings
    for name in ("topic_word", "doc_topic", "doc_lengths", "term_frequency", "doc_topic_counts", "alpha"):
        assert np.array_equal(getattr(again, name), getattr(model, name)), name
    assert (model.doc_topic_counts.sum(axis=1) == model.doc_lengths).all()
    native = again.native_model()
    assert native.k == 4 and list(native.used_vocabs) == model.vocabulary
    draws = model.draw_doc_topic(3, random_state=1)
    assert draws.shape == (3, 60, 4) and np.allclose(draws.sum(axis=2), 1)
    pd.testing.assert_frame_equal(pd.DataFrame(draws[0]), pd.DataFrame(model.draw_doc_topic(3, random_state=1)[0]))

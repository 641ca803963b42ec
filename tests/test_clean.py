"""Cleaning: real lines of the seed, idempotence, sentence splitting."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkit.corpus.clean import (
    RepeatedSentences,
    audit_boilerplate,
    clean_text,
    normalize_whitespace,
    normalize_width,
    remove_boilerplate,
    remove_repeated_sentences,
    split_sentences,
    unify_punctuation,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Image caption: source credit and trailing no-break spaces removed, comma made full width.
        ("生命科學園,是該領域創新資源最為集中的園區之一。來源:中關村生命科學園官方公眾平臺\u00a0\u00a0", "生命科學園，是該領域創新資源最為集中的園區之一。"),
        # Byline line of the seed.
        ("出處:北京商報 作者:姚倩 濮振宇 網編:陶鳳 2021-01-16", ""),
        ("北京商報記者 姚倩 濮振宇", ""),
        ("相關焦點", ""),
        # Scraped snippet with a report button and a source credit.
        ("舉報   來源:央視網  央視網消息:當今世界,新一輪科技革命和產業變革加速演進", "央視網消息：當今世界，新一輪科技革命和產業變革加速演進"),
        # Numbers and Latin keep ASCII punctuation; Chinese gets full width.
        ("總面積31.85平方公裡的科技創新片區,包括中關村科學城21.59平方公裡。", "總面積31.85平方公裡的科技創新片區，包括中關村科學城21.59平方公裡。"),
        ("運營後每年可完成400-600個臨床試驗", "運營後每年可完成400-600個臨床試驗"),
        ("【創新創業】探秘廣州「超級大腦」 2020-07-09 16:34", "【創新創業】探秘廣州「超級大腦」 2020-07-09 16:34"),
        # Full-width letters and digits fold; Chinese punctuation stays.
        ("聚焦人工智慧、５Ｇ、大數據、區塊鏈！", "聚焦人工智慧、5G、大數據、區塊鏈！"),
        ("「我們歡迎更多數字(經濟)企業」", "「我們歡迎更多數字（經濟）企業」"),
    ],
)
def test_clean_real_lines(raw, expected):
    assert clean_text(raw) == expected


def test_each_step_on_seed_fragments():
    assert normalize_width("ＡＩ，５Ｇ。") == "AI，5G。"
    assert normalize_whitespace("a\u3000\u00a0b\r\n\r\n\r\n\r\nc ") == "a b\n\nc"
    assert unify_punctuation("海澱區;昌平區?12:30") == "海澱區；昌平區？12:30"
    assert remove_boilerplate("網編:陶鳳 北京創新發展") == "北京創新發展"


def test_the_script_is_never_changed(seed_article):
    from textkit.corpus.script import detect_script

    for _, para in seed_article.paragraphs:
        assert detect_script(clean_text(para)) in ("traditional", "neutral")


_ALPHABET = st.sampled_from(list("中關村科學城生命园区的了。，,:：;!?！？()（）「」 \u00a0\u3000\nＡＢ１２ab12舉報來源網編記者-.%…"))
# Whole boilerplate words too, so that the anchored rules meet each other.
_PIECES = st.sampled_from(
    list("科學城的了。，,:：!?！？()（）【】「」 \n\u00a0O@1.…")
    + ["來源", "资金来源", "網編", "責任編輯", "記者", "本報記者 王明", "記者會", "舉報", "展開全文", "...", "查看圖片",
       "網頁鏈接", "→", "央視新聞的微博視頻", "的秒拍视频", "微博", "(微博)", "(圖)", "新浪體育訊", "新華社北京1月2日電",
       "我要評論", "分享", "延伸閱讀", "出處:北京商報 作者:姚倩"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_clean_is_idempotent_on_boilerplate_pieces(text):
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=60))
def test_clean_is_idempotent_on_arbitrary_text(text):
    once = clean_text(text)
    assert clean_text(once) == once


def test_clean_is_idempotent_on_the_seed(seed_text):
    once = clean_text(seed_text)
    assert clean_text(once) == once
    assert "舉報" not in clean_text("舉報   來源:央視網  央視網消息")


def test_split_sentences_on_a_seed_paragraph(seed_article):
    para = clean_text(seed_article.lead[0])
    sentences = split_sentences(para)
    assert len(sentences) == 6
    assert sentences[0] == "北京創新發展將邁上新臺階。"
    assert sentences[4] == "又有哪些制度體系將在這裡落地生根？"
    assert "".join(sentences) == para


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("「產學研用是關鍵環節。」 海澱區委書記於軍表示。", ["「產學研用是關鍵環節。」", "海澱區委書記於軍表示。"]),
        ("What is it? 這是什麼!真的", ["What is it?", "這是什麼!", "真的"]),
        ("第一行\n第二行", ["第一行", "第二行"]),
        ("", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


# -- the fast paths give what the plain definitions give -------------------------------

_CJK_CLASS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3000-\u303f\uff00-\uffef\u2014\u2026"
_mixed_text = st.text(alphabet=st.sampled_from(list("科技創新数字,:;!?()。，（ ab12ＡＢ５\r\n　\u00a0")), max_size=40)


@given(_mixed_text)
@settings(max_examples=300, deadline=None)
def test_unify_punctuation_is_the_lookaround_definition(text):
    import re

    table = str.maketrans({",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"})
    lookaround = re.compile(rf"(?<=[{_CJK_CLASS}])[,:;!?()]+|[,:;!?()]+(?=[{_CJK_CLASS}])")
    assert unify_punctuation(text) == lookaround.sub(lambda m: m.group(0).translate(table), text)


@given(_mixed_text)
@settings(max_examples=300, deadline=None)
def test_normalize_width_skips_only_text_nfkc_leaves_alone(text):
    import unicodedata

    folded = "".join(ch if ch in "，。！？：；（）「」『』、《》〈〉【】…—～·％＋" else unicodedata.normalize("NFKC", ch) for ch in text)
    assert normalize_width(text) == folded


@pytest.mark.parametrize(
    "line",
    [
        "出處:北京商報 作者:姚倩 網編:陶鳳", "出处:北京商报 作者:姚倩 网编:陶凤", "来源：新华网 编辑：王五",
        "北京商報記者 姚倩 濮振宇", "北京商报记者 姚倩 濮振宇",
        "相關焦點", "相关焦点", "相關閱讀：", "相关阅读", "相關新聞", "相关新闻", "延伸閱讀", "延伸阅读", "猜你喜歡", "猜你喜欢",
        "熱門推薦", "热门推荐", "分享到", "分享", "返回搜狐", "查看更多", "點擊查看", "点击查看",
    ],
)
def test_boilerplate_lines_in_both_scripts(line):
    assert clean_text(f"數字經濟\n{line}\n科技創新") == "數字經濟\n\n科技創新"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("舉報 數字經濟", "舉報 數字經濟"),  # a verb: kept (a button is alone, last, or before a credit)
        ("數字經濟\n举报\n科技創新", "數字經濟\n\n科技創新"),
        ("举报 来源：新华社 科技创新", "科技创新"),
        ("檢舉報告", "檢舉報告"),  # inside a word: kept
        ("图片来源：新华社 科技创新", "科技创新"),
        ("責任編輯：王五 科技創新", "科技創新"),
        ("科技創新 责编:李四", "科技創新"),
        ("网编：陶凤 数字经济", "数字经济"),
    ],
)
def test_boilerplate_inline_in_both_scripts(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize("bad", [None, 3.5, b"\xe7\xa7\x91"])
def test_clean_text_names_what_is_not_text(bad):
    from textkit.errors import ParameterError

    with pytest.raises(ParameterError, match="expected a str to clean"):
        clean_text(bad)


# -- every boilerplate rule: what it removes, and an everyday phrase with its keyword that it keeps ---

REMOVED = [
    ("weibo_expand", "武漢今天新增病例三例，密切接觸者 \u200b\u200b...展開全文", "武漢今天新增病例三例，密切接觸者"),
    ("weibo_expand", "北京今天晴轉多雲…展开全文", "北京今天晴轉多雲"),
    ("weibo_expand", "公園的櫻花開了 查看圖片", "公園的櫻花開了"),
    ("weibo_media", "春節快樂，轉發祝福！ 央視新聞的微博視頻", "春節快樂，轉發祝福！"),
    ("weibo_media", "一起為武漢加油！央视新闻的微博视频 @央视新闻", "一起為武漢加油！"),
    ("weibo_media", "看直播，關注！ 央視新聞的微博直播 .", "看直播，關注！"),
    ("weibo_media_label", "今天的雪景太美了軍報記者的微博視頻", "今天的雪景太美了軍報記者"),
    ("weibo_link", "查詢成績請點擊→網頁鏈接 轉發周知！", "查詢成績請點擊 轉發周知！"),
    ("weibo_link", "詳情見 O网页链接", "詳情見"),
    ("comment_button", "新政策下月起實施。 我要評論", "新政策下月起實施。"),
    ("source_line", "數字經濟\n來源：新華網 編輯：王五\n科技創新", "數字經濟\n\n科技創新"),
    ("byline", "數字經濟\n本報記者 王明 李華", "數字經濟"),
    ("list_header", "數字經濟\n延伸閱讀：\n科技創新", "數字經濟\n\n科技創新"),
    ("bracketed_byline", "新政策下月起實施。（總台記者 王明、李華）", "新政策下月起實施。"),
    ("bracketed_byline", "市場明顯回暖。(新華社記者李明 攝)", "市場明顯回暖。"),
    ("bracketed_byline", "市場明顯回暖。（記者：王明）", "市場明顯回暖。"),
    ("bracketed_credit", "基金規模創新高（數據來源：中國基金業協會）。", "基金規模創新高。"),
    ("bracketed_credit", "市場明顯回暖。(責任編輯：王五)", "市場明顯回暖。"),
    ("credit_line_start", "來源:央視網  央視網消息:當今世界", "央視網消息：當今世界"),
    ("credit_line_end", "生命科學園是園區之一。圖片來源:中關村科學城", "生命科學園是園區之一。"),
    ("credit_line_end", "會議明天舉行。 视频来源：央视网", "會議明天舉行。"),
    ("editor_credit", "網編:陶鳳 北京創新發展", "北京創新發展"),
    ("editor_credit", "北京創新發展。責任編輯：王五", "北京創新發展。"),
    ("report_button", "數字經濟\n舉報\n科技創新", "數字經濟\n\n科技創新"),
    ("report_button", "市場明顯回暖。 舉報", "市場明顯回暖。"),
    ("report_button", "舉報 來源:央視網 央視網消息：當今世界", "央視網消息：當今世界"),
    ("weibo_account_link", "導演王明(微博)表示，影片下月上映。", "導演王明表示，影片下月上映。"),
    ("photo_marker", "新車亮相車展（組圖）", "新車亮相車展"),
    ("news_dateline", "新浪體育訊 北京時間4月12日，湖人隊獲勝。", "北京時間4月12日，湖人隊獲勝。"),
    ("news_dateline", "新華社北京1月20日電 國務院今天發布通知。", "國務院今天發布通知。"),
    ("news_dateline", "本報訊 市場明顯回暖。", "市場明顯回暖。"),
    ("news_dateline", "本報訊（記者 王明）市場明顯回暖。", "市場明顯回暖。"),
    ("news_dateline", "據新華社電，國務院今天發布新規定。", "國務院今天發布新規定。"),
    ("news_dateline", "市場淡季不淡【本報訊】進入暑期，銷量上升。", "市場淡季不淡進入暑期，銷量上升。"),
    ("news_dateline", "据新华社电 国务院今天发布通知。", "国务院今天发布通知。"),
    ("news_dateline", "新規定出台據新華社電 國務院今天發布通知。", "新規定出台 國務院今天發布通知。"),  # a title glued to the text
    ("news_dateline", "湖人隊獲勝新浪體育訊北京時間4月12日，湖人隊獲勝。", "湖人隊獲勝北京時間4月12日，湖人隊獲勝。"),
]


@pytest.mark.parametrize(("rule", "raw", "expected"), REMOVED)
def test_each_rule_removes_its_boilerplate(rule, raw, expected):
    assert clean_text(raw) == expected
    audit = audit_boilerplate([raw]).set_index("rule")
    assert audit.loc[rule, "matches"] >= 1, audit[audit.matches > 0]


# Everyday phrases that hold a rule's keyword: cleaning leaves them whole.
KEPT = [
    ("weibo_expand", "報告很長……展開全文請點擊這裡。"),
    ("weibo_expand", "他在網上查看圖片和文字資料。"),
    ("weibo_media", "他在自己的微博視頻裡分享了做法。"),
    ("weibo_media", "歡迎觀看我們的微博直播。"),
    ("weibo_media_label", "這是他的微博視頻，很有意思。"),
    ("weibo_link", "請複製網頁鏈接發給朋友。"),
    ("comment_button", "我要評論一下這部電影。"),
    ("source_line", "來源於生活的作品，作者：佚名。"),
    ("byline", "記者會將在明天舉行。"),
    ("byline", "致敬一線記者 辛苦了"),
    ("byline", "他向記者 王明 表示感謝。"),
    ("list_header", "他常在課上分享經驗。"),
    ("list_header", "點擊查看更多內容的方法很簡單。"),
    ("list_header", "相關焦點問題已經解決。"),
    ("bracketed_byline", "現場（記者會會場）人很多。"),
    ("bracketed_byline", "照片（圖為記者採訪）很清楚。"),
    ("bracketed_credit", "經費（資金來源於財政撥款）已到位。"),
    ("bracketed_credit", "經費（本項目資金來源：財政撥款）已到位。"),
    ("credit_line_start", "來源：財政撥款，用於科技創新。"),
    ("credit_line_start", "來源於生活，高於生活。"),
    ("credit_line_end", "本項目資金來源：財政撥款，用於科技創新。"),
    ("credit_line_end", "本項目的資金來源：財政撥款"),
    ("credit_line_end", "消息來源稱，談判仍在進行。"),
    ("editor_credit", "他是報社的責任編輯：負責審稿。"),
    ("editor_credit", "責任編輯：王五認為此事重要。"),
    ("editor_credit", "網編：陶鳳說，稿件已經送審。"),
    ("report_button", "市民可撥打舉報電話。"),
    ("report_button", "撥打熱線 舉報 違法行為"),
    ("report_button", "舉報 違法行為是公民的權利。"),
    ("report_button", "檢舉報告已經提交。"),
    ("weibo_account_link", "他發了一條微博（微博內容見下）。"),
    ("photo_marker", "如下圖（圖一）所示。"),
    ("news_dateline", "新浪微博通訊錄更新了。"),
    ("news_dateline", "新華社電視新聞報道了此事。"),
    ("news_dateline", "本報電話已經更改。"),
    ("news_dateline", "人民網訊問了三位專家。"),
    ("news_dateline", "另據新華社電，國務院今天發布新規定。"),
    ("news_dateline", "他說，據新華社北京1月20日電，國務院已發布通知。"),
    ("news_dateline", "新華社北京1月20日電報全文如下。"),
]


@pytest.mark.parametrize(("rule", "text"), KEPT)
def test_each_rule_keeps_everyday_phrases(rule, text):
    assert clean_text(text) == text
    assert audit_boilerplate([text]).matches.sum() == 0


def test_every_rule_has_a_removal_and_a_keep_test():
    rules = audit_boilerplate([]).rule.tolist()
    assert sorted(set(r for r, *_ in REMOVED)) == sorted(rules)
    assert sorted(set(r for r, _ in KEPT)) == sorted(rules)


def test_the_issue_sentence_survives():
    sentence = "本項目資金來源：財政撥款，用於科技創新。"
    assert clean_text(sentence) == sentence
    assert clean_text(f"數字經濟\n{sentence}\n來源：新華社") == f"數字經濟\n{sentence}"


def test_audit_counts_and_examples():
    texts = ["好消息。來源:新華社", "數字經濟。", "會議舉行。來源:央視網\n舉報\n科技"]
    audit = audit_boilerplate(texts, examples=5, context=3).set_index("rule")
    assert audit.loc["credit_line_end", ["matches", "documents", "characters"]].tolist() == [2, 2, 12]
    assert audit.loc["credit_line_end", "examples"] == ["消息。⟦來源:新華社⟧", "舉行。⟦來源:央視網⟧⏎舉報"]
    assert audit.loc["report_button", "documents"] == 1


# -- boilerplate found by repetition ------------------------------------------------------------------

FOOTER = "訂戶每月可享月費優惠，詳情請瀏覽本網站。"
PROMPT = "轉發周知！"


def _corpus(seed_sentences, n_docs: int, footer_in: int) -> list[str]:
    """Documents of real seed sentences, a footer in the first ``footer_in``.

    Each document's body is three seed sentences made into one, tagged with
    the document's number, so that no body sentence repeats across documents
    however many there are.
    """
    docs = []
    for i in range(n_docs):
        parts = [seed_sentences[(3 * i + k) % len(seed_sentences)] for k in range(3)]
        body = "，".join(re.sub(r"[。！？!?]", "，", s).rstrip("，") for s in parts) + f"（第{i}篇）。"
        docs.append(f"{body}\n{FOOTER}" if i < footer_in else body)
    return docs


def test_repeated_footer_is_found_reported_and_removed(seed_sentences):
    docs = _corpus(seed_sentences, 60, footer_in=45)
    docs[7] += PROMPT  # a prompt in 12 documents, glued to the last sentence's line
    for i in range(20, 31):
        docs[i] += "\n" + PROMPT
    model = RepeatedSentences().fit(docs)
    assert model.threshold_ == 10 and model.n_documents_ == 60
    assert model.repeated_.to_dict("records") == [
        {"sentence": FOOTER, "documents": 45, "share": 0.75},
        {"sentence": PROMPT, "documents": 12, "share": 0.2},
    ]
    out = model.transform(docs)
    assert not any(FOOTER in t or PROMPT in t for t in out)
    assert out[50] == docs[50]  # no footer: unchanged
    assert out[0] == docs[0].removesuffix("\n" + FOOTER)  # the article's own sentences stay whole
    assert out[7] == docs[7].removesuffix("\n" + FOOTER + PROMPT)


def test_a_sentence_repeated_twice_is_kept(seed_sentences):
    docs = _corpus(seed_sentences, 200, footer_in=0)
    docs[3] += FOOTER
    docs[150] += FOOTER
    texts, report = remove_repeated_sentences(docs)
    assert report.empty and texts == docs


def test_a_short_corpus_loses_nothing(seed_sentences, seed_article):
    """The seed (40 documents) has no sentence in 10 of them; even a share of 100% needs 10 documents."""
    from textkit.corpus.load import load_corpus

    docs = [clean_text(t) for t in load_corpus("seeds").text]
    texts, report = remove_repeated_sentences(docs)
    assert report.empty and texts == docs
    few = _corpus(seed_sentences, 9, footer_in=9)  # a footer in every one of 9 documents: too few to tell
    assert remove_repeated_sentences(few)[1].empty


@pytest.mark.parametrize(("n_docs", "footer_in", "found"), [(1000, 9, False), (1000, 10, True), (2000, 19, False), (2000, 20, True)])
def test_thresholds_are_a_count_and_a_share(seed_sentences, n_docs, footer_in, found):
    docs = _corpus(seed_sentences, n_docs, footer_in=footer_in)
    report = RepeatedSentences(min_documents=10, min_share=0.01).fit(docs).repeated_
    assert (FOOTER in report.sentence.tolist()) is found


def test_very_short_sentences_are_never_removed():
    docs = [f"第{i}號文件講科技創新。好！" for i in range(30)]
    assert RepeatedSentences().fit(docs).repeated_.sentence.tolist() == []
    assert RepeatedSentences(min_chars=1).fit(docs).repeated_.sentence.tolist() == ["好！"]


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"min_documents": 1}, "min_documents must be at least 2"),
        ({"min_documents": 0}, "min_documents must be a whole number"),
        ({"min_share": 0}, r"min_share must be a number in \(0, 1\]"),
        ({"min_share": 1.5}, r"min_share must be a number in \(0, 1\]"),
        ({"min_chars": 0}, "min_chars must be a whole number"),
    ],
)
def test_repeated_sentences_bad_parameters(params, problem):
    from textkit.errors import ParameterError

    with pytest.raises(ParameterError, match=problem):
        RepeatedSentences(**params).fit(["科技創新。"])


# -- the shared Han range covers every CJK extension -------------------------------------------------


@pytest.mark.parametrize(
    ("char", "han"),
    [
        ("\u4e2d", True), ("\u3400", True), ("\U00020000", True),  # 中, Extension A, Extension B
        ("\U0002a6df", True), ("\U0002ebf0", True), ("\U00030000", True),  # end of B, Extension I, Extension G
        ("\U00031350", True), ("\U000323af", True),  # Extension H, first and last
        ("\U000323b0", False), ("\u3002", False), ("A", False),  # past Extension H, 。, Latin
    ],
)
def test_han_covers_extensions_b_to_h(char, han):
    from textkit.corpus.patterns import HAN

    assert (re.fullmatch(f"[{HAN}]", char) is not None) is han
    # Inside a name: an editor credit whose name holds an Extension H character is still a credit.
    assert (clean_text(f"北京創新發展。責任編輯：王{char}") == "北京創新發展。") is han

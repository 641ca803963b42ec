# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 · 時間軸 Time: what changed, and when?
#
# With a date column (`textkit run --date-column COLUMN`), documents fall
# into periods (day, week, month or quarter, chosen from the span unless
# `period` says otherwise).  Then: how many documents each period has;
# which keywords rise or fall (tested, not eyeballed); and how the topics'
# shares move, each with intervals from a bootstrap over documents.

# %% tags=["parameters"]
corpus = None  # None: the demonstration corpus (the seed); or the path of yours (folder, .txt, .csv, .tsv, .json(l), .xlsx, .parquet)
corpus_format = "auto"
sheet: "Optional[str]" = None  # the sheet of an Excel workbook (None: the first)
text_column = "text"
title_column = None
id_column = None
group_column = None
date_column = None
figures = "../figures"
tables = "../output/tables"
n_jobs = 1
discover_words: "Union[bool, str]" = "auto"  # new words found in the corpus: "auto" (from 100,000 characters), True or False
keep_units = False  # True: URLs, e-mail addresses, @mentions, #topics#, [emoticons] and emoji are tokens of their own
period = "auto"
n_trend_terms = 100
top_n = 12
k = 8
iterations = 200
no_below = 2
no_above = 0.5
keep_n: "Optional[int]" = 5000  # None keeps every word
n_boot = 1000
level = 0.95
alpha = 0.05
min_docs = 5
random_state = 0

# %%
from IPython.display import display

from textkit.output.display import explore
from textkit.output.export import save_table
from textkit.analysis.groups import topic_titles
from textkit.engine.pipeline import prepare_documents
from textkit.output.plot import period_bars, save_figure, trend_grid
from textkit.analysis.timeline import (
    documents_per_period,
    frequent_terms,
    keyword_trends,
    prevalence_over_time,
    time_axis,
    topic_trends,
    trend_tests,
    trend_titles,
    trending_terms,
)
from textkit.analysis.topics import build_corpus, document_topics, fit_topics, topic_terms
from textkit.segment import Segmenter

# %%
docs = prepare_documents(corpus, segmenter=Segmenter(keep_units=keep_units), n_jobs=n_jobs, discover_words=discover_words, format=corpus_format, sheet=sheet, text_column=text_column, title_column=title_column,
                         id_column=id_column, group_column=group_column, date_column=date_column)
axis = time_axis(docs.date, period=period, min_docs=min_docs)
save_table(axis.summary(), "05_time_dates", folder=tables)
print(axis.message)
axis.summary()

# %% [markdown]
# ## 每期文件數 Documents per period
# Each bar is one period (stacked by group when there are groups).  The
# first and last periods may be partial: read their counts with that in
# mind; relative frequencies below are not affected.

# %%
if axis.usable:
    per_period = documents_per_period(axis, docs.group)
    save_table(per_period, "05_time_documents_per_period", folder=tables)
    fig = period_bars(per_period, period=axis.period, title=f"每期文件數 Documents per {axis.period}")
    save_figure(fig, "05_time_documents_per_period", folder=figures)
    display(fig)
else:
    print("Skipped: no time axis (see above).")

# %% [markdown]
# ## 關鍵詞趨勢 Rising and falling keywords
# The `n_trend_terms` words found in the most documents are tested, each
# with a quasi-Poisson regression of its count per period on time (the
# period's tokens as exposure; over-dispersion from documents that repeat
# a word and from weeks with their own news is estimated, not assumed
# away), and Benjamini–Hochberg over the words.  `rate_ratio` is the
# change per period on the fitted trend (1.10 = +10 % a period).  A word
# that rises and falls again within the span shows as *no clear trend*:
# look at its line.

# %%
if axis.usable:
    tests = trend_tests(docs.tokens, axis, frequent_terms(docs.tokens, n_trend_terms, min_docs=min_docs), alpha=alpha,
                        level=level)
    save_table(tests, "05_time_keyword_trend_tests", folder=tables)
    print(f"Of {len(tests)} frequent words: {(tests.trend == 'rising').sum()} rising, {(tests.trend == 'falling').sum()} falling "
          f"(BH-adjusted p < {alpha}), {(tests.trend == 'no clear trend').sum()} without a clear trend.")
explore(tests) if axis.usable else None

# %% [markdown]
# Relative frequency per 1,000 tokens of the strongest rising and falling
# words (blue: rising, red: falling, grey: no clear trend), with
# `level` intervals from a bootstrap over the period's documents.

# %%
if axis.usable:
    trends = keyword_trends(docs.tokens, axis, trending_terms(tests, top_n), n_boot=n_boot, level=level,
                            random_state=random_state)
    save_table(trends, "05_time_keyword_trends", folder=tables)
    fig = trend_grid(trends, facet="term", y="per_1000", titles=trend_titles(tests, axis), directions=dict(zip(tests.term, tests.trend)),
                     ylabel="per 1,000 tokens", title=f"關鍵詞趨勢 Keyword trends ({level:.0%} intervals over documents)")
    save_figure(fig, "05_time_keyword_trends", folder=figures)
    display(fig)
else:
    print("Skipped: no time axis (see above).")

# %% [markdown]
# ## 主題趨勢 Topics over time
# Topics by Gibbs-sampled LDA (tomotopy, `k` topics, the model and vocabulary
# settings of notebook 03: give `-p k` the k that 03 chose to see its topics), their mean share per
# period with bootstrap intervals, and a trend test per topic (weighted
# regression of the period means on time, BH over topics).  BERTopic's
# topics-over-time and STM's effect estimates give no such intervals.
# The intervals cover the sampling of documents, not another run of the
# model: notebook 03 measures how stable the topics are across seeds.

# %%
if axis.usable:
    dictionary, _, _ = build_corpus(docs.tokens.tolist(), no_below=no_below, no_above=no_above, keep_n=keep_n)
    model = fit_topics(docs.tokens.tolist(), k=k, dictionary=dictionary, random_state=random_state, iterations=iterations)
    topic_words, theta = topic_terms(model, n=10), document_topics(model)
    prevalence = prevalence_over_time(theta, axis, n_boot=n_boot, level=level, random_state=random_state)
    topic_tests = topic_trends(theta, axis, alpha=alpha, level=level)
    save_table(topic_words, "05_time_topic_terms", folder=tables)
    save_table(prevalence, "05_time_topic_prevalence", folder=tables)
    save_table(topic_tests, "05_time_topic_trend_tests", folder=tables)
    fig = trend_grid(prevalence, facet="topic", y="prevalence", directions=dict(zip(topic_tests.topic, topic_tests.trend)),
                     titles=trend_titles(topic_tests, axis, key="topic", top_terms=topic_titles(topic_words)),
                     ylabel="mean share", title=f"主題趨勢 Topic prevalence over time ({level:.0%} intervals over documents)")
    save_figure(fig, "05_time_topic_prevalence", folder=figures)
    display(fig)
else:
    print("Skipped: no time axis (see above).")
topic_tests if axis.usable else None

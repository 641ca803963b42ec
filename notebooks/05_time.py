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
# which keywords rise or fall most (tested, and ranked by how much they
# change); and how the topics of notebook 03's model move over time, with
# intervals that carry the model's uncertainty.

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
scheduler: "Optional[str]" = None  # a Dask cluster for the heavy work: tcp://HOST:PORT, a scheduler file, "auto" or "local" (None: this machine, n_jobs processes)
store = "../output/store"  # the corpus store: the first notebook of a run builds it, the others read it
discover_words: "Union[bool, str]" = "auto"  # new words found in the corpus: "auto" (from 100,000 characters), True or False
keep_units = False  # True: URLs, e-mail addresses, @mentions, #topics#, [emoticons] and emoji are tokens of their own
user_dict: "Optional[str]" = None  # your jieba dictionary (word [freq] [tag] per line; e.g. the .txt notebook 01 writes, edited): it wins over discovered words
models = "../output/models"
period = "auto"
min_support = 20
top_n = 12
k: "Optional[int]" = None  # None: notebook 03's model, whatever its k; a number asks for that k (03 and 05 alike)
model = "auto"  # only when no model of notebook 03 is there: auto, lda, dmm, pt or btm (as in 03)
short_threshold = 50
iterations = 200
no_below = 2
no_above = 0.5
keep_n: "Optional[int]" = 5000  # None keeps every word
n_boot = 1000
level = 0.95
alpha = 0.05
min_docs = 5
n_draws = 50
time_df: "Optional[int]" = None  # None: min(10, periods - 1)
random_state = 0

# %%
from IPython.display import display

from textkit.output.display import explore
from textkit.output.export import save_table
from textkit.analysis.effects import topic_effects
from textkit.analysis.groups import topic_titles
from textkit.engine.prepared import open_corpus
from textkit.output.plot import period_bars, save_figure, trend_grid
from textkit.analysis.timeline import (
    documents_per_period,
    keyword_trends,
    time_axis,
    trend_tests,
    trend_titles,
    trending_terms,
    trends_message,
)
from textkit.analysis.topics import check_k, choose_model, sweep_share, topic_terms
from textkit.analysis.topics.saved import load_model
from textkit.analysis.topics.shards import fit_sample, sample_documents, topic_corpus
from textkit.segment import Segmenter

# %%
prepared = open_corpus(corpus, store=store, scheduler=scheduler, segmenter=Segmenter(keep_units=keep_units, user_dict=user_dict), n_jobs=n_jobs, discover_words=discover_words, format=corpus_format, sheet=sheet, text_column=text_column, title_column=title_column,
                       id_column=id_column, group_column=group_column, date_column=date_column)
axis = time_axis(prepared, period=period, min_docs=min_docs)
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
    per_period = documents_per_period(axis)
    save_table(per_period, "05_time_documents_per_period", folder=tables)
    fig = period_bars(per_period, period=axis.period, title=f"每期文件數 Documents per {axis.period}")
    save_figure(fig, "05_time_documents_per_period", folder=figures)
    display(fig)
else:
    print("Skipped: no time axis (see above).")

# %% [markdown]
# ## 關鍵詞趨勢 Rising and falling keywords
# Every word found in at least `min_support` documents is tested, with a
# quasi-Poisson regression of its count per period on time (the period's
# tokens as exposure, so a word that only follows the corpus' volume does
# not rise; over-dispersion from documents that repeat a word and from
# weeks with their own news is estimated, not assumed away), and
# Benjamini–Hochberg over the words.  The words are ranked by effect size,
# `rate_ratio`, the change per period on the fitted trend (1.10 = +10 % a
# period), not by p: on a large corpus nearly every frequent word changes
# significantly by a few percent.  A word that rises and falls again
# within the span shows as *no clear trend*: look at its line.

# %%
if axis.usable:
    tests = trend_tests(prepared, axis, min_support=min_support, alpha=alpha, level=level)
    save_table(tests, "05_time_keyword_trend_tests", folder=tables)
    print(trends_message(tests, min_support=min_support, alpha=alpha))
explore(tests) if axis.usable else None

# %% [markdown]
# Relative frequency per 1,000 tokens of the words that rise and fall most
# (blue: rising, red: falling, grey: no clear trend), with `level`
# intervals from a bootstrap over the period's documents.

# %%
if axis.usable:
    trends = keyword_trends(prepared, axis, trending_terms(tests, top_n), n_boot=n_boot, level=level,
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
# The topics are notebook 03's: the model it chose and saved (in `models`)
# for this corpus.  Only when there is none (05 run alone, or on another
# corpus) is a model fitted here, and the notebook says so (on every
# document of a corpus that holds at most the sweep's default of 300,000
# vocabulary tokens, else on that sample, as 03 does).  The regression
# runs on the documents the model was trained on (every document, or the
# sample's), whose groups and dates are read from the store.  Each topic's
# mean share is regressed on a smooth of time (a spline over the periods;
# with groups, adjusted for them), as stm's `estimateEffect` does: the line
# is the smooth, the band its `level` interval, the grey dots each
# period's plain mean.  The intervals carry the model's own uncertainty
# (the regression runs on `n_draws` draws of every document's topic shares
# from the model's posterior, the method of composition) as well as the
# sampling of documents.  The title gives each topic's linear trend (the
# change over the span of the least-squares line through the curve);
# panels are ranked by that change, blue where its interval is above 0, red
# where below, grey otherwise.  A topic that rose and fell again has no
# clear trend: read its curve.

# %%
if axis.usable:
    vocab = topic_corpus(prepared, no_below=no_below, no_above=no_above, keep_n=keep_n)
    if k is not None:
        check_k(k, vocab.rows)
    saved = load_model(models, fingerprint=vocab.fingerprint, k=k)
    if saved.usable:
        topic_model = saved.model
        topic_docs = sample_documents(prepared, vocab.dictionary, rows=topic_model.rows)
        print(saved.message)
    else:
        kind = choose_model(median_tokens=vocab.median_tokens, model=model, short_threshold=short_threshold)["model"]
        share = sweep_share(vocab.rows, vocab.documents, vocab.tokens, k=k if k is not None else 8)
        topic_docs = sample_documents(prepared, vocab.dictionary, share=share, random_state=random_state)
        topic_model = fit_sample(topic_docs, kind=kind, k=k if k is not None else 8, dictionary=vocab.dictionary, random_state=random_state,
                                 iterations=iterations if kind == "lda" else None)
        print(f"{saved.message} Fitting a topic model here instead: {kind.upper()}, k = {topic_model.num_topics}"
              f"{'' if k is not None else ' (the default here; -p k N to choose)'}, the vocabulary settings of notebook 03. "
              "Run notebook 03 first to see its topics, at the k it chose, over time.")
    topic_words = topic_terms(topic_model, n=10)
    topic_axis = time_axis(topic_docs.date, period=axis.period, min_docs=min_docs)
    effects = topic_effects(topic_model, groups=topic_docs.group, axis=topic_axis, n_draws=n_draws, time_df=time_df, level=level, min_docs=min_docs,
                            random_state=random_state)
    print(effects.message)
    save_table(topic_words, "05_time_topic_terms", folder=tables)
    save_table(effects.over_time, "05_time_topic_prevalence", folder=tables)
    save_table(effects.trends, "05_time_topic_trend_tests", folder=tables)
    fig = trend_grid(effects.over_time, facet="topic", y="prevalence", points="observed", order=effects.trends.topic.tolist(),
                     directions=dict(zip(effects.trends.topic, effects.trends.trend)),
                     titles=trend_titles(effects.trends, axis, key="topic", top_terms=topic_titles(topic_words)), ylabel="mean share",
                     title=f"主題趨勢 Topic prevalence over time: {effects.formula} ({level:.0%} intervals, model uncertainty included)")
    save_figure(fig, "05_time_topic_prevalence", folder=figures)
    display(fig)
else:
    print("Skipped: no time axis (see above).")
effects.trends if axis.usable else None

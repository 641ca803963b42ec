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
# # 03 · Topics, and how far to trust them
#
# A topic model of the corpus (the group is kept as a column), trained on
# every document when the corpus is no larger than the sweep's sample,
# else on that sample, each document's topic proportions then inferred
# shard by shard on the workers.  The model fits the texts: for short texts (headlines, posts) a model with one
# topic per text (DMM), for longer ones LDA by Gibbs sampling (tomotopy),
# with NMF beside it.  k is chosen from a sweep over a grid of k scaled to
# the corpus, each k trained with several seeds and scored on held-out
# likelihood, coherence, exclusivity and residual dispersion; `-p k N`
# fixes k.  How well each topic comes back under another seed is reported
# topic by topic.

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
reports = "../output/reports"
models = "../output/models"
k: "Optional[int]" = None  # None: chosen by the sweep; a number fixes it (here and in notebook 05)
model = "auto"  # auto, lda, dmm, pt or btm
short_threshold = 50
k_min = 2
k_max: "Optional[int]" = None  # None: scaled to the corpus
n_seeds = 3
iterations = 200
sweep_iterations = 100
no_below = 2
no_above = 0.5
keep_n: "Optional[int]" = 5000  # None keeps every word
sweep_tokens = 300000
heatmap_documents = 40
min_stability = 0.5  # a topic is stable when its top-10 words overlap its match under other seeds this much (Jaccard)
min_stable_share = 0.7  # a k is stable when this share of its topics is stable
min_docs = 5
period = "auto"
n_draws = 50
time_df: "Optional[int]" = None  # None: min(10, periods - 1)
level = 0.95
random_state = 0

# %%
from IPython.display import display

from textkit.output.display import explore
from textkit.output.export import save_html, save_table, save_table_parts
from textkit.analysis.effects import topic_effects
from textkit.analysis.groups import group_summary, groups_message, topic_titles
from textkit.analysis.timeline import time_axis
from textkit.engine.prepared import open_corpus
from textkit.output.plot import bar_grid, heatmap, interval_grid, intertopic_map, line_band, save_figure
from textkit.analysis.topics.saved import load_model, save_model
from textkit.analysis.topics.shards import DocumentTopics, fit_sample, sample_documents, topic_corpus
from textkit.analysis.topics import (
    choose_model,
    fit_nmf,
    ldavis,
    search_k,
    stability,
    sweep_share,
    terms_by_topic,
    topic_stability,
    topic_terms,
)
from textkit.output.report import ldavis_html
from textkit.segment import Segmenter

# %%
prepared = open_corpus(corpus, store=store, scheduler=scheduler, segmenter=Segmenter(keep_units=keep_units, user_dict=user_dict), n_jobs=n_jobs, discover_words=discover_words, format=corpus_format, sheet=sheet, text_column=text_column, title_column=title_column,
                       id_column=id_column, group_column=group_column, date_column=date_column)
vocab = topic_corpus(prepared, no_below=no_below, no_above=no_above, keep_n=keep_n)
dictionary = vocab.dictionary
print(f"{vocab.rows} documents, {len(dictionary)} words after filter_extremes(no_below={no_below}, no_above={no_above}, keep_n={keep_n}); "
      f"{vocab.empty} documents left empty: {vocab.empty_labels}{' …' if vocab.empty > len(vocab.empty_labels) else ''}")

# %% [markdown]
# ## Which model fits these texts
# A headline or a post of a few dozen words says too little to estimate a
# mixture of topics: below a median of `short_threshold` words of the
# vocabulary per document, each text gets one topic (DMM, the Dirichlet
# multinomial mixture), the short-text model that matched real categories
# best (`benchmarks/short_texts.py`).  Longer documents get LDA.  `model`
# sets it.

# %%
chosen_model = choose_model(median_tokens=vocab.median_tokens, model=model, short_threshold=short_threshold)
print(chosen_model["reason"])

# %% [markdown]
# ## Choosing k
# Each k of the grid is trained with `n_seeds` seeds (side by side on the
# workers: the cluster's with `scheduler`, else `n_jobs` local processes; LDA with `sweep_iterations` Gibbs sweeps, DMM
# with its own 80), on a
# sample of documents holding about `sweep_tokens` tokens and enough
# documents for the largest k: the sweep costs about the same on any corpus.
# A document is in the sample when a hash of its row and `random_state`
# falls under a share; the sample is drawn shard by shard, and only it
# comes into this notebook.
# The grid runs from `k_min` to about the square root of the number of
# documents (`k_max` sets it), adds the neighbours of the winner, and grows
# when the winner is its largest k.  Each k is scored on
# - **held-out likelihood** (document completion, as stm's `searchK`: 10% of
#   the documents lose half their words before training, and the model's
#   view of each document predicts the missing half; log-likelihood per word);
# - **coherence**: NPMI of each topic's top-10 word pairs over documents;
# - **exclusivity**: FREX of each topic's top-10 words (stm's `exclusivity`);
# - **residual dispersion** (stm's `checkResiduals`): about 1 when k is
#   large enough (not drawn when too few words are expected per document);
# - **stability**: matched top-10 overlap between seeds, and the share of
#   topics whose overlap reaches `min_stability`.
#
# **The rule**: a k is stable when at least `min_stable_share` of its topics
# come back under the other seeds; of the stable k, the smallest whose
# held-out likelihood is within one standard error of the best stable k.
# Held-out likelihood and exclusivity keep rising with k on real corpora,
# stability falls once topics split differently under every seed: the
# first pushes k up, the second holds it where the topics reproduce.  The
# grid is trained from small k up and stops once two k above the winner
# are not stable.  Bands show the spread over seeds; the dashed line is
# the chosen k.

# %%
share = sweep_share(vocab.rows, vocab.documents, vocab.tokens, k=k, k_min=k_min, k_max=k_max, max_tokens=sweep_tokens)
sample = sample_documents(prepared, dictionary, share=share, random_state=random_state)
search, choice = search_k(sample.tokens.tolist(), dictionary, positions=sample.row.to_numpy(), n_documents=vocab.documents, executor=prepared.executor, k=k, k_min=k_min, k_max=k_max, seeds=range(random_state + 1, random_state + 1 + n_seeds),
                          model=chosen_model["model"],
                          iterations=sweep_iterations if chosen_model["model"] == "lda" else None, max_tokens=sweep_tokens,
                          n_jobs=n_jobs, random_state=random_state, min_stability=min_stability, min_stable_share=min_stable_share)
save_table(search.table, "03_topics_sweep", folder=tables)
save_table(choice["summary"], "03_topics_sweep_summary", folder=tables)
measures = [c for c in ("heldout", "npmi", "exclusivity", "dispersion", "stable_share") if search.table[c].notna().any()]
fig = line_band(search.table, x="k", y=measures, mark=choice["k"], logx=True,
                titles={"heldout": "held-out log-lik. per word", "npmi": "coherence (NPMI)", "exclusivity": "exclusivity (FREX)",
                        "dispersion": "residual dispersion", "stable_share": f"share of stable topics (k stable ≥ {min_stable_share:g})"},
                title=f"選擇主題數 Choosing k: k = {choice['k']} (mean, min–max over seeds)")
save_figure(fig, "03_topics_sweep", folder=figures)
print(f"Sweep on {search.table.documents.iloc[0]:,} of {vocab.rows:,} documents ({search.table.tokens.iloc[0]:,} tokens), "
      f"k tried: {', '.join(map(str, sorted(set(search.table.k))))}"
      + (f"; not tried (two k above the winner were not stable): {', '.join(map(str, choice['skipped']))}." if choice["skipped"] else "."))
print(choice["rule"])
fig

# %% [markdown]
# ## The model of this run: saved, or fitted now
# A model this notebook saved before (in `models`) is reused when it was
# fitted on the same corpus (the same fingerprint of every document's
# tokens, counted shard by shard) with the same settings; otherwise the model is fitted now and
# saved at the end of the notebook, for notebook 05 and any later view.

# %%
fingerprint = vocab.fingerprint
settings = {"model": chosen_model["model"], "k": k, "k_min": k_min, "k_max": k_max, "n_seeds": n_seeds, "short_threshold": short_threshold,
            "sweep_iterations": sweep_iterations, "sweep_tokens": sweep_tokens, "min_stability": min_stability,
            "min_stable_share": min_stable_share, "iterations": iterations,
            "no_below": no_below, "no_above": no_above, "keep_n": keep_n, "random_state": random_state}
saved = load_model(models, fingerprint=fingerprint, settings=settings, k=choice["k"])
print(saved.message if saved.usable else f"{saved.message} The model is fitted now.")

# %% [markdown]
# ## Topics of the chosen model
# Trained on every document when the corpus is no larger than the sweep's
# sample, else on the sweep's sample (LDA: `iterations` Gibbs sweeps; DMM: 80).  Each topic's
# stability is the mean overlap of its top-10 words with its match in each
# run of the sweep at the same k (seeds other than `random_state`, on the sweep's sample): a topic under
# `min_stability` did not come back under other seeds; read it as one
# possible grouping, not a finding.

# %%
model = saved.model if saved.usable else fit_sample(sample, kind=chosen_model["model"], k=choice["k"], dictionary=dictionary,
                                                    random_state=random_state, iterations=iterations if chosen_model["model"] == "lda" else None)
trained_on_all = len(sample) == vocab.rows
print(f"Trained on {'every document' if trained_on_all else f'the sweep sample: {len(sample):,} of {vocab.rows:,} documents'}.")
terms = topic_terms(model, n=10)
topic_stable = topic_stability(terms, [search.terms[choice["k"], s] for s in sorted(set(search.table.seed))], threshold=min_stability)
save_table(terms.merge(topic_stable, on="topic"), "03_topics_terms", folder=tables)
unstable = topic_stable.topic[~topic_stable.stable].tolist()
print(f"{int(topic_stable.stable.sum())} of {len(topic_stable)} topics are stable across seeds (matched top-10 overlap >= {min_stability}); "
      + (f"not stable: {', '.join(f'topic {t}' for t in unstable)}." if unstable else "all come back."))
fig = bar_grid(terms_by_topic(terms), title=f"{'LDA' if model.kind == 'lda' else model.kind.upper()} 主題詞 Topic terms",
               xlabel="probability")
save_figure(fig, "03_topics_terms", folder=figures)
fig

# %% [markdown]
# ## Which documents, and which group, belong to which topic
# The table holds every document, written shard by shard: a model trained
# on every document gives its own proportions; one trained on the sample
# infers each document's proportions on the workers (tomotopy's `infer`;
# DMM: each text's posterior given the fitted counts).  The heatmap shows
# the `heatmap_documents` most typical documents, grouped by their
# dominant topic; below it, documents per group and dominant topic.

# %%
theta = DocumentTopics(prepared, model, trained_on_all=trained_on_all, typical=heatmap_documents)
save_table_parts(theta, "03_topics_document_topics", folder=tables)
fig = heatmap(theta.typical, title="文件 × 主題 Document–topic", colorbar_label="probability")
save_figure(fig, "03_topics_document_topics", folder=figures)
display(fig)
save_table(theta.dominant, "03_topics_dominant_by_group", folder=tables)
theta.dominant

# %% [markdown]
# ## How the topics relate
# Intertopic distance map (PCoA on Jensen–Shannon distances between topics;
# circle area = share of tokens).  The interactive pyLDAvis page is written to
# the reports folder and works offline (its JavaScript comes from the
# installed package, not a CDN).  pyLDAvis numbers topics from 1: its topic 1
# is topic 0 of the tables and figures here.

# %%
vis = ldavis(model)
save_html(ldavis_html(vis), "03_topics_ldavis", folder=reports)
fig = intertopic_map(vis.topic_coordinates, title="主題距離圖 Intertopic distance map")
save_figure(fig, "03_topics_intertopic_map", folder=figures)
fig

# %% [markdown]
# ## A second model: NMF on TF-IDF
# NMF factorises the TF-IDF matrix of the same vocabulary (the same
# documents as the model: every one, or the sweep's sample): another method,
# no random start.  A topic that both find (high Jaccard overlap of their
# top terms, after matching) is a robust finding.  On THUCNews at k = 10,
# NMF matches the categories best on long articles (NMI 0.89) and worse
# than Gibbs LDA on headlines (0.31).

# %%
nmf_terms, nmf_theta = fit_nmf(sample.tokens.tolist(), k=choice["k"], random_state=random_state, dictionary=dictionary)
save_table(nmf_terms, "03_topics_nmf_terms", folder=tables)
print(f"The topic model and NMF agree: mean Jaccard of matched top-10 terms {stability(terms, nmf_terms):.2f} (1 = the same topics).")
fig = bar_grid(terms_by_topic(nmf_terms), title="NMF 主題詞 Topic terms (NMF)", xlabel="weight")
save_figure(fig, "03_topics_nmf_terms", folder=figures)
fig

# %% [markdown]
# ## Effects of groups and time on the topics
# In the manner of stm's `estimateEffect`: each topic's share of a document
# is regressed on its group and, with a date column, on a smooth of time
# (a spline over the periods), on this model's document-topic shares; each
# group's prevalence is adjusted for time (every group given the corpus'
# mix of periods).  A dot is a group's mean share, the dashed line the
# rest of the corpus; a filled dot: the `level` interval of the difference
# excludes 0.  The intervals carry the model's own uncertainty as well as
# the sampling of documents: the regression runs on `n_draws` draws of
# every document's topic shares from the model's posterior, and from each
# run coefficients are drawn (the method of composition).  The regression
# runs on the documents the model was trained on: every document when the
# corpus is no larger than the sweep's sample, else the sample's documents
# (a hash sample: their groups and periods in the corpus' proportions,
# the intervals those of that many documents).  Panels come in
# the order of the largest contrast between groups.  Groups with fewer
# than `min_docs` documents are named, pooled in the rest, not drawn.
# Topics over time: notebook 05, from this same model and regression.

# %%
print(("" if trained_on_all else f"On the {len(sample):,} documents the model was trained on (the sample): ") + groups_message(group_summary(sample.group, min_docs=min_docs)))
axis = time_axis(sample.date, period=period, min_docs=min_docs)
effects = topic_effects(model, groups=sample.group, axis=axis if axis.usable else None, n_draws=n_draws, time_df=time_df, level=level,
                        min_docs=min_docs, random_state=random_state)
print(effects.message)
save_table(effects.by_group, "03_topics_prevalence_by_group", folder=tables)
if len(effects.by_group):
    fig = interval_grid(effects.by_group, facet="topic", label="group", value="prevalence", highlight="differs", reference="rest",
                        titles=topic_titles(terms), order=effects.topics_by_contrast, xlabel="mean share",
                        title=f"主題比重 Topic prevalence per group, {effects.formula} ({level:.0%} intervals, model uncertainty included)")
    save_figure(fig, "03_topics_prevalence_by_group", folder=figures)
    display(fig)
explore(effects.by_group)

# %% [markdown]
# ## The model, saved for the notebooks after this one
# The model, its settings and vocabulary, and the fingerprint of the corpus
# go to the `models` folder beside the tables: notebook 05 shows these
# topics over time, and a rerun of this notebook with the same corpus and
# settings reuses it.

# %%
path = saved.path if saved.usable else save_model(model, models, fingerprint=fingerprint, settings=settings)
print(f"{'Reused' if saved.usable else 'Saved'}: {path.as_posix()} ({model.kind.upper()}, k = {model.num_topics}, "
      f"{len(model.vocabulary):,} words, corpus fingerprint {fingerprint}).")
prepared.close()

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
# LDA on every document (the group is kept as a column).  k is chosen from
# a sweep over k x seeds by coherence *and* stability across seeds; on a
# small corpus, the numbers below say whether the topics can be read at all.
# The model is LDA by Gibbs sampling (tomotopy), for long articles and short
# posts alike: measured on THUCNews (`benchmarks/topics_eval.py`, k = 10),
# the NMI of each document's dominant topic against its category is 0.75
# on 1,000 articles and 0.39 on 10,000 headlines, where gensim's
# variational LDA gets 0.73 and 0.09.

# %% tags=["parameters"]
corpus = "../seeds"
corpus_format = "auto"
text_column = "text"
title_column = None
id_column = None
group_column = None
date_column = None
figures = "../figures"
tables = "../output/tables"
n_jobs = 1
reports = "../output/reports"
models = "../output/models"
k: "Optional[int]" = None  # None: chosen by the sweep; a number fixes it (here and in notebook 05)
k_min = 2
k_max = 8
n_seeds = 3
iterations = 200
sweep_iterations = 100
no_below = 2
no_above = 0.5
keep_n: "Optional[int]" = 5000  # None keeps every word
sweep_tokens = 300000
heatmap_documents = 40
min_stability = 0.5
min_docs = 5
period = "auto"
n_draws = 50
time_df: "Optional[int]" = None  # None: min(10, periods - 1)
level = 0.95
random_state = 0

# %%
from IPython.display import display

from textkit.output.display import explore
from textkit.output.export import save_html, save_table
from textkit.analysis.effects import topic_effects
from textkit.analysis.groups import group_summary, groups_message, topic_titles
from textkit.analysis.timeline import time_axis
from textkit.engine.pipeline import prepare_documents
from textkit.output.plot import bar_grid, heatmap, interval_grid, intertopic_map, line_band, save_figure
from textkit.analysis.topics.saved import check_k, corpus_fingerprint, load_model, save_model
from textkit.analysis.topics import (
    build_corpus,
    choose_k,
    document_topics,
    fit_nmf,
    fit_topics,
    ldavis,
    stability,
    sweep,
    terms_by_topic,
    topic_terms,
    typical_documents,
)
from textkit.output.report import ldavis_html

# %%
docs = prepare_documents(corpus, n_jobs=n_jobs, format=corpus_format, text_column=text_column, title_column=title_column,
                         id_column=id_column, group_column=group_column, date_column=date_column)
tokens = docs.tokens.tolist()
dictionary, bow, empty = build_corpus(tokens, no_below=no_below, no_above=no_above, keep_n=keep_n)
print(f"{len(docs)} documents, {len(dictionary)} words after filter_extremes(no_below={no_below}, no_above={no_above}, keep_n={keep_n}); "
      f"{len(empty)} documents left empty: {docs.label.iloc[empty[:20]].tolist()}{' …' if len(empty) > 20 else ''}")
check_k(k, len(docs) - len(empty))  # -p k N: a k the documents cannot carry stops here, in one line

# %% [markdown]
# ## Choosing k: coherence and stability over seeds
# Each k is trained with several seeds (side by side in `n_jobs` worker
# processes, `sweep_iterations` Gibbs sweeps each), on a random sample of
# documents holding about `sweep_tokens` tokens (about 1,000 news articles):
# the sweep then takes the same time on any corpus.
# Coherence (c_v, c_npmi, u_mass) says whether a topic's top words belong
# together; stability (mean Jaccard of matched top-10 term sets between
# seeds) says whether the topic survives a different random start.  Bands
# show the spread over seeds.

# %%
scores = sweep(tokens, dictionary, ks=range(k_min, k_max + 1), seeds=range(n_seeds), iterations=sweep_iterations,
               max_tokens=sweep_tokens, n_jobs=n_jobs, random_state=random_state)
save_table(scores, "03_topics_sweep", folder=tables)
choice = choose_k(scores, min_stability=min_stability)
fig = line_band(scores, x="k", y=["c_v", "c_npmi", "u_mass", "stability"], title="一致性與穩定性 Coherence and stability (mean, min–max over seeds)")
save_figure(fig, "03_topics_sweep", folder=figures)
verdict = (
    f"k = {choice['k']} is the most coherent k whose topics are stable across seeds (stability {choice['stability']:.2f} >= {min_stability})."
    if choice["stable"]
    else f"No k reaches a stability of {min_stability} (best k = {choice['k']}: stability {choice['stability']:.2f}, c_v spread over seeds "
    f"{choice['spread']:.2f}). The corpus is too small for a stable topic model: read the topics below as one possible grouping, not a finding."
)
print(f"Sweep on {scores.documents.iloc[0]:,} of {len(docs):,} documents ({scores.tokens.iloc[0]:,} tokens). {verdict}")
fig

# %% [markdown]
# ## The model of this run: saved, or fitted now
# `-p k N` sets k, whatever the sweep says.  A model this notebook saved
# before (in `models`) is reused when it was fitted on the same corpus (the
# same fingerprint of every document's tokens) with the same settings;
# otherwise the model is fitted now and saved at the end of the notebook,
# for notebook 05 and any later view.

# %%
chosen_k = k if k is not None else choice["k"]
fingerprint = corpus_fingerprint(tokens)
settings = {"k": k, "k_min": k_min, "k_max": k_max, "n_seeds": n_seeds, "sweep_iterations": sweep_iterations, "sweep_tokens": sweep_tokens,
            "min_stability": min_stability, "iterations": iterations, "no_below": no_below, "no_above": no_above, "keep_n": keep_n,
            "random_state": random_state}
saved = load_model(models, fingerprint=fingerprint, settings=settings, k=chosen_k)
print(f"k = {chosen_k}, as set (-p k); the sweep's rule chose {choice['k']}." if k is not None else f"k = {chosen_k}, chosen by the sweep.",
      saved.message if saved.usable else f"{saved.message} The model is fitted now.")

# %% [markdown]
# ## Topics of the chosen model
# Trained on every document.

# %%
model = saved.model if saved.usable else fit_topics(tokens, k=chosen_k, dictionary=dictionary, random_state=random_state, iterations=iterations)
terms = topic_terms(model, n=10)
save_table(terms, "03_topics_terms", folder=tables)
fig = bar_grid(terms_by_topic(terms), title="LDA 主題詞 Topic terms", xlabel="probability")
save_figure(fig, "03_topics_terms", folder=figures)
fig

# %% [markdown]
# ## Which documents, and which group, belong to which topic
# The table holds every document; the heatmap the `heatmap_documents` most
# typical ones, grouped by their dominant topic.

# %%
theta = document_topics(model, index=docs.label.tolist())
theta_table = theta.assign(doc_id=docs.doc_id.to_numpy(), group=docs.group.to_numpy(), dominant=theta.to_numpy().argmax(axis=1))
save_table(theta_table.reset_index(names="label"), "03_topics_document_topics", folder=tables)
fig = heatmap(typical_documents(theta, n=heatmap_documents), title="文件 × 主題 Document–topic", colorbar_label="probability")
save_figure(fig, "03_topics_document_topics", folder=figures)
fig

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
# NMF factorises the TF-IDF matrix of the same vocabulary: another method,
# no random start.  A topic that both find (high Jaccard overlap of their
# top terms, after matching) is a robust finding.  On THUCNews, NMF matches
# the categories best on long articles (NMI 0.89) and worse than Gibbs LDA
# on headlines (0.31).

# %%
nmf_terms, nmf_theta = fit_nmf(tokens, k=chosen_k, random_state=random_state, dictionary=dictionary)
save_table(nmf_terms, "03_topics_nmf_terms", folder=tables)
print(f"LDA and NMF topics agree: mean Jaccard of matched top-10 terms {stability(terms, nmf_terms):.2f} (1 = the same topics).")
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
# run coefficients are drawn (the method of composition).  Groups with
# fewer than `min_docs` documents are named, pooled in the rest, not drawn.
# Topics over time: notebook 05, from this same model and regression.

# %%
print(groups_message(group_summary(docs.group, min_docs=min_docs)))
axis = time_axis(docs.date, period=period, min_docs=min_docs)
effects = topic_effects(model, groups=docs.group, axis=axis if axis.usable else None, n_draws=n_draws, time_df=time_df, level=level,
                        min_docs=min_docs, random_state=random_state)
print(effects.message)
save_table(effects.by_group, "03_topics_prevalence_by_group", folder=tables)
if len(effects.by_group):
    fig = interval_grid(effects.by_group, facet="topic", label="group", value="prevalence", highlight="differs", reference="rest",
                        titles=topic_titles(terms), xlabel="mean share",
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

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
# gensim LDA on the article paragraphs and the headlines together (the
# source is kept as a column).  k is chosen from a sweep over k x seeds by
# coherence *and* stability across seeds; on a corpus this small, the
# numbers below say whether the topics can be read at all.

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
k_min = 2
k_max = 8
n_seeds = 3
passes = 20
no_below = 2
no_above = 0.5
min_stability = 0.5
min_docs = 5
n_boot = 1000
level = 0.95
random_state = 0

# %%
from IPython.display import display

from textkit.display import explore
from textkit.export import save_html, save_table
from textkit.groups import group_summary, groups_message, prevalence_by_group, topic_titles
from textkit.pipeline import prepare_documents
from textkit.plot import bar_grid, heatmap, interval_grid, intertopic_map, line_band, save_figure
from textkit.topics import (
    build_corpus,
    choose_k,
    document_topics,
    fit_gibbs_lda,
    fit_lda,
    fit_nmf,
    ldavis,
    ldavis_html,
    sweep,
    terms_by_topic,
    topic_terms,
)

# %%
docs = prepare_documents(corpus, n_jobs=n_jobs, format=corpus_format, text_column=text_column, title_column=title_column,
                         id_column=id_column, group_column=group_column, date_column=date_column)
dictionary, bow, empty = build_corpus(docs.tokens.tolist(), no_below=no_below, no_above=no_above)
print(f"{len(docs)} documents, {len(dictionary)} words after filter_extremes(no_below={no_below}, no_above={no_above}); "
      f"{len(empty)} documents left empty: {docs.label.iloc[empty].tolist()}")

# %% [markdown]
# ## Choosing k: coherence and stability over seeds
# Each k is trained with several seeds.  Coherence (c_v, c_npmi, u_mass) says
# whether a topic's top words belong together; stability (mean Jaccard of
# matched top-10 term sets between seeds) says whether the topic survives a
# different random start.  Bands show the spread over seeds.

# %%
scores = sweep(docs.tokens.tolist(), dictionary, bow, ks=range(k_min, k_max + 1), seeds=range(n_seeds), passes=passes)
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
print(verdict)
fig

# %% [markdown]
# ## Topics of the chosen model

# %%
model = fit_lda(bow, dictionary, k=choice["k"], random_state=random_state, passes=passes)
terms = topic_terms(model, n=10)
save_table(terms, "03_topics_terms", folder=tables)
fig = bar_grid(terms_by_topic(terms), title="LDA 主題詞 Topic terms", xlabel="weight")
save_figure(fig, "03_topics_terms", folder=figures)
fig

# %% [markdown]
# ## Which documents, and which source, belong to which topic

# %%
theta = document_topics(model, bow, index=docs.label.tolist())
theta_table = theta.assign(doc_id=docs.doc_id.to_numpy(), group=docs.group.to_numpy(), dominant=theta.to_numpy().argmax(axis=1))
save_table(theta_table.reset_index(names="label"), "03_topics_document_topics", folder=tables)
fig = heatmap(theta, title="文件 × 主題 Document–topic", colorbar_label="probability")
save_figure(fig, "03_topics_document_topics", folder=figures)
fig

# %% [markdown]
# ## Topic prevalence per group
# Each group's mean topic share (dot) with a `level` interval from a
# bootstrap over its documents (`n_boot` replicates), against the mean of
# the rest of the corpus (dashed).  A filled dot: the interval of the
# difference from the rest excludes 0.  Groups with fewer than `min_docs`
# documents are named, not drawn.  The intervals cover the sampling of
# documents, not another run of the model (stability above measures that).

# %%
print(groups_message(group_summary(docs.group, min_docs=min_docs)))
by_group = prevalence_by_group(theta, docs.group, n_boot=n_boot, level=level, min_docs=min_docs, random_state=random_state)
save_table(by_group, "03_topics_prevalence_by_group", folder=tables)
if len(by_group):
    fig = interval_grid(by_group, facet="topic", label="group", value="prevalence", highlight="differs", reference="rest",
                        titles=topic_titles(terms), xlabel="mean share", title=f"主題比重 Topic prevalence per group ({level:.0%} intervals)")
    save_figure(fig, "03_topics_prevalence_by_group", folder=figures)
    display(fig)
explore(by_group)

# %% [markdown]
# ## How the topics relate
# Intertopic distance map (PCoA on Jensen–Shannon distances between topics;
# circle area = share of tokens).  The interactive pyLDAvis page is written to
# the reports folder and works offline (its JavaScript comes from the
# installed package, not a CDN).

# %%
vis = ldavis(model, bow, dictionary)
save_html(ldavis_html(vis), "03_topics_ldavis", folder=reports)
fig = intertopic_map(vis.topic_coordinates, title="主題距離圖 Intertopic distance map")
save_figure(fig, "03_topics_intertopic_map", folder=figures)
fig

# %% [markdown]
# ## Headlines are short texts
# On short texts gensim's variational LDA collapses.  Measured on 10,000
# THUCNews headlines (`benchmarks/topics_eval.py`, k = 10), NMI of the
# dominant topic against the category: gensim LDA 0.07, NMF on TF-IDF 0.26,
# LDA by Gibbs sampling (tomotopy) 0.43.  The headlines are therefore
# modelled with Gibbs-sampled LDA, NMF beside it for comparison.

# %%
headlines = docs[docs.group == "headlines"] if "headlines" in set(docs.group) else docs
short_terms, short_theta = fit_gibbs_lda(headlines.tokens.tolist(), k=choice["k"], random_state=random_state)
nmf_terms, nmf_theta = fit_nmf(headlines.tokens.tolist(), k=choice["k"], random_state=random_state)
save_table(short_terms, "03_topics_headline_terms", folder=tables)
save_table(nmf_terms, "03_topics_nmf_headline_terms", folder=tables)
fig = bar_grid(terms_by_topic(short_terms), title="標題主題 Headline topics (Gibbs LDA)", xlabel="probability")
save_figure(fig, "03_topics_headline_terms", folder=figures)
fig

# %%
fig = bar_grid(terms_by_topic(nmf_terms), title="NMF 標題主題 Headline topics (NMF)", xlabel="weight")
save_figure(fig, "03_topics_nmf_headline_terms", folder=figures)
fig

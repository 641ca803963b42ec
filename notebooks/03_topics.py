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
random_state = 0

# %%
from textkit.export import save_html, save_table
from textkit.pipeline import prepare_documents
from textkit.plot import bar_grid, heatmap, intertopic_map, line_band, save_figure
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
docs = prepare_documents(corpus, n_jobs=n_jobs)
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

# %%
by_source = theta_table.groupby("group")[list(theta.columns)].mean()
save_table(by_source.reset_index(), "03_topics_by_source", folder=tables)
by_source.round(2)

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

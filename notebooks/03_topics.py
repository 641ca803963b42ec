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
reports = "../output/reports"
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
n_boot = 1000
level = 0.95
random_state = 0

# %%
from IPython.display import display

from textkit.output.display import explore
from textkit.output.export import save_html, save_table
from textkit.analysis.groups import group_summary, groups_message, prevalence_by_group, topic_titles
from textkit.engine.pipeline import prepare_documents
from textkit.output.plot import bar_grid, heatmap, interval_grid, intertopic_map, line_band, save_figure
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
from textkit.segment import Segmenter

# %%
docs = prepare_documents(corpus, segmenter=Segmenter(keep_units=keep_units), n_jobs=n_jobs, discover_words=discover_words, format=corpus_format, sheet=sheet, text_column=text_column, title_column=title_column,
                         id_column=id_column, group_column=group_column, date_column=date_column)
tokens = docs.tokens.tolist()
dictionary, bow, empty = build_corpus(tokens, no_below=no_below, no_above=no_above, keep_n=keep_n)
print(f"{len(docs)} documents, {len(dictionary)} words after filter_extremes(no_below={no_below}, no_above={no_above}, keep_n={keep_n}); "
      f"{len(empty)} documents left empty: {docs.label.iloc[empty[:20]].tolist()}{' …' if len(empty) > 20 else ''}")

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
# ## Topics of the chosen model
# Trained on every document.

# %%
model = fit_topics(tokens, k=choice["k"], dictionary=dictionary, random_state=random_state, iterations=iterations)
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
nmf_terms, nmf_theta = fit_nmf(tokens, k=choice["k"], random_state=random_state, dictionary=dictionary)
save_table(nmf_terms, "03_topics_nmf_terms", folder=tables)
print(f"LDA and NMF topics agree: mean Jaccard of matched top-10 terms {stability(terms, nmf_terms):.2f} (1 = the same topics).")
fig = bar_grid(terms_by_topic(nmf_terms), title="NMF 主題詞 Topic terms (NMF)", xlabel="weight")
save_figure(fig, "03_topics_nmf_terms", folder=figures)
fig

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
# # 02 · Keywords: what is each group about, and how do the groups differ?
#
# TF-IDF (scikit-learn, fed by textkit's segmenter), TextRank, and for any
# number of groups (`--group-column`), each against the rest of the
# corpus: keyness (log-likelihood G², log ratio, Benjamini–Hochberg) and a
# words × groups correspondence analysis map.  In the seed format, which
# headlines speak to which section of the article.

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
top_n = 15
sublinear_tf = True
min_df: "Union[int, float]" = 1  # a count of documents, or a share of them (0.01)
max_df = 1.0
ngram_max = 1
min_freq = 3
min_docs = 5
alpha = 0.05
max_groups = 12
ca_terms = 60
ca_labels = 40
random_state = 0
heatmap_documents = 40

# %%
import pandas as pd
from IPython.display import display

from textkit.analysis.groups import GroupTerms, correspondence_analysis, group_order, group_summary, groups_message, keyness_by_group, section_documents, section_similarity
from textkit.analysis.keywords import TfidfWeights, document_keywords, mean_tfidf, method_overlap, textrank_by_group, tfidf_per_document
from textkit.engine.prepared import open_corpus
from textkit.output.display import MAX_ROWS, explore
from textkit.output.export import save_table, save_table_parts
from textkit.output.plot import bar_grid, correspondence_map, heatmap, keyness_grid, save_figure, word_cloud
from textkit.segment import Segmenter

# %% [markdown]
# The corpus is prepared once into the run's store; this notebook holds
# its reduced counts (vocabulary x groups), never a table of every token:
# per-document tables are written shard by shard and shown capped.

# %%
prepared = open_corpus(corpus, store=store, scheduler=scheduler, segmenter=Segmenter(keep_units=keep_units, user_dict=user_dict), n_jobs=n_jobs, discover_words=discover_words, format=corpus_format, sheet=sheet, text_column=text_column,
                       title_column=title_column, id_column=id_column, group_column=group_column, date_column=date_column)
counts = prepared.counts()
by_group = GroupTerms.from_counts(counts, group_order(prepared))
groups = by_group.groups
summary = group_summary(by_group, min_docs=min_docs)
save_table(summary, "02_keywords_groups", folder=tables)
print(groups_message(summary))
explore(summary)

# %% [markdown]
# ## TF-IDF
# Document unit: one paragraph of the article, one headline with its
# snippet.  Choices: sublinear tf (`1 + log tf`), document-frequency limits
# `min_df`/`max_df`, word n-grams up to `ngram_max`; idf is computed over
# both corpora together.

# %%
weights = TfidfWeights.from_counts(counts, corpus=prepared, min_df=min_df, max_df=max_df, sublinear_tf=sublinear_tf, ngram_max=ngram_max)
scores = tfidf_per_document(prepared, weights, groups, by_group.documents, n=5)
per_document = save_table_parts(scores, "02_keywords_tfidf_per_document", folder=tables, preview=MAX_ROWS)
explore(per_document, caption=f"The first {len(per_document):,} of {per_document.attrs['rows']:,} rows (all in 02_keywords_tfidf_per_document.csv)" if len(per_document) < per_document.attrs["rows"] else None)

# %%
per_corpus = mean_tfidf(scores.total, weights, groups, n=top_n)
save_table(pd.concat(per_corpus, names=["group", "term"]).reset_index(), "02_keywords_tfidf_per_corpus", folder=tables)
fig = bar_grid(per_corpus, title="TF-IDF 關鍵詞 Top keywords per group", xlabel="mean TF-IDF", ncols=min(len(per_corpus), 4))
save_figure(fig, "02_keywords_tfidf_per_corpus", folder=figures)
fig

# %% [markdown]
# ## Documents × keywords
# TF-IDF weight of the overall top keywords in each document: the table
# holds every document, the heatmap the `heatmap_documents` documents with
# the largest total weight on these keywords.

# %%
top_all = per_corpus["all"].index[:top_n]
keywords = document_keywords(prepared, weights, top_all, n=heatmap_documents)
save_table_parts(keywords, "02_keywords_document_term", folder=tables)
fig = heatmap(keywords.total[0], title="文件 × 關鍵詞 TF-IDF", colorbar_label="TF-IDF")
save_figure(fig, "02_keywords_document_term", folder=figures)
fig

# %%
cloud_weights = mean_tfidf(scores.total, weights, groups, n=100)["all"]
fig = word_cloud(cloud_weights.to_dict(), title="TF-IDF 詞雲", random_state=random_state)
save_figure(fig, "02_keywords_wordcloud", folder=figures)
fig

# %% [markdown]
# ## TextRank beside TF-IDF
# TextRank ranks words by PageRank on their co-occurrence graph (window of 5
# tokens inside a sentence), from the same sparse window counts as the
# co-occurrence networks of notebook 04, counted per shard for each group
# and merged; PageRank by power iteration.  Where both methods agree, the
# keyword is robust.

# %%
ranked_by_group = textrank_by_group(prepared, groups, window=5, n=top_n)
comparison = []
for name in groups:
    ranked = ranked_by_group[name]
    overlap = method_overlap(per_corpus[name], ranked)
    print(f"{name}: {len(overlap['shared'])} of {top_n} keywords shared (Jaccard {overlap['jaccard']:.2f}): {' '.join(overlap['shared'])}")
    comparison.append(pd.DataFrame({"group": name, "rank": range(1, top_n + 1), "tfidf": per_corpus[name].index[:top_n], "textrank": ranked.index.tolist() + [""] * (top_n - len(ranked))}))
comparison = pd.concat(comparison, ignore_index=True)
save_table(comparison, "02_keywords_tfidf_vs_textrank", folder=tables)
explore(comparison)

# %% [markdown]
# ## Keyness: what each group says more than the rest
# For every group with at least `min_docs` documents, every term's
# log-likelihood G² (signed: positive = more frequent in the group than in
# the rest of the corpus), its Benjamini–Hochberg-adjusted p and Hardie's
# log ratio (log2 of the ratio of relative frequencies: 1 = twice as
# frequent).  Terms seen fewer than `min_freq` times are left out.  One
# table holds every group (`02_keywords_keyness.csv`); below, the
# significant characteristic terms.

# %%
key = keyness_by_group(by_group, min_freq=min_freq, min_docs=min_docs)
save_table(key, "02_keywords_keyness", folder=tables)
if len(key):
    fig = keyness_grid(key, n=top_n, alpha=alpha, max_groups=max_groups, title="關鍵性 Keyness: each group against the rest (G²)")
    save_figure(fig, "02_keywords_keyness", folder=figures)
    display(fig)
else:
    print(groups_message(summary))
significant = key[(key.p_adjusted < alpha) & (key.g2 > 0)]
print(f"Terms significantly more frequent in the group than in the rest (BH-adjusted p < {alpha}):",
      significant.group.value_counts().reindex(key.group.unique(), fill_value=0).to_dict())
explore(significant)

# %% [markdown]
# ## Correspondence analysis: words × groups on one map
# The view KH Coder users reach for (`prince.CA`): the `ca_terms` words
# whose use differs most across groups (largest chi-squared), and the
# groups, on the first two axes.  A word near a group is used relatively
# more there; groups near each other use words alike.  At most `ca_labels`
# words are labelled (by their contribution to the axes); every word keeps
# its point, and the table holds every coordinate.  Two groups give a
# single axis, which keyness already shows: the map needs three.

# %%
ca = correspondence_analysis(by_group, n_terms=ca_terms, min_freq=min_freq, min_docs=min_docs)
if ca is not None:
    save_table(ca.coordinates, "02_keywords_correspondence", folder=tables)
    fig = correspondence_map(ca, max_labels=ca_labels, title="對應分析 Correspondence analysis: words × groups")
    save_figure(fig, "02_keywords_correspondence", folder=figures)
    display(fig)
else:
    print(f"No map: {int(summary.compared.sum())} group(s) with {min_docs} or more documents; correspondence analysis needs three.")

# %% [markdown]
# ## Which headlines speak to which section?
# In the seed format, article paragraphs carry their section and the
# related headlines carry none: cosine similarity of TF-IDF vectors
# between each headline (with its snippet) and each section (its
# paragraphs together).  Corpora without sections skip this (after reading
# the store's `section` column); the documents compared are read from the
# store, the first 5,000 at most.

# %%
link = section_similarity(section_documents(prepared))
if link is not None:
    save_table(link.reset_index(names="document"), "02_keywords_headline_section_similarity", folder=tables)
    fig = heatmap(link, title="標題 × 章節 cosine similarity", cmap="magma", annotate=True, colorbar_label="cosine")
    save_figure(fig, "02_keywords_headline_section_similarity", folder=figures)
    display(fig)
    print("Headlines closest to each section:", link.idxmax(axis=1).value_counts().to_dict())
else:
    print("No sections in this corpus (they come with the seed format): nothing to link.")

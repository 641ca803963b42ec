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
# # 02 · Keywords: what is each corpus about, and how do they differ?
#
# TF-IDF (scikit-learn, fed by textkit's segmenter), TextRank, keyness
# (log-likelihood G², chi-squared, log ratio) of one corpus against the
# other, and which headlines speak to which section of the article.

# %% tags=["parameters"]
corpus = "../seeds"
figures = "../figures"
tables = "../output/tables"
n_jobs = 1
top_n = 15
sublinear_tf = True
min_df = 1
max_df = 1.0
ngram_max = 1
min_freq = 3
random_state = 0
heatmap_documents = 40

# %%
import pandas as pd
from IPython.display import display

from textkit.display import explore
from textkit.export import save_table
from textkit.keywords import (
    group_tokens,
    keyness,
    method_overlap,
    similarity,
    textrank,
    tfidf_matrix,
    top_documents,
    top_terms_per_document,
    top_terms_per_group,
)
from textkit.pipeline import prepare_documents
from textkit.plot import bar_grid, diverging_bar, heatmap, save_figure, word_cloud

# %%
docs = prepare_documents(corpus, n_jobs=n_jobs)
groups = list(dict.fromkeys(docs.group))
print(f"{len(docs)} documents in {len(groups)} corpora: {', '.join(groups)}")

# %% [markdown]
# ## TF-IDF
# Document unit: one paragraph of the article, one headline with its
# snippet.  Choices: sublinear tf (`1 + log tf`), document-frequency limits
# `min_df`/`max_df`, word n-grams up to `ngram_max`; idf is computed over
# both corpora together.

# %%
vectorizer, X = tfidf_matrix(
    docs.tokens.tolist(), sublinear_tf=sublinear_tf, min_df=min_df, max_df=max_df, ngram_range=(1, ngram_max)
)
terms = vectorizer.get_feature_names_out()
per_document = top_terms_per_document(X, terms, docs.label.tolist(), n=5)
save_table(per_document, "02_keywords_tfidf_per_document", folder=tables)
explore(per_document)

# %%
per_corpus = top_terms_per_group(X, terms, docs.group.tolist(), n=top_n)
save_table(pd.concat(per_corpus, names=["group", "term"]).reset_index(), "02_keywords_tfidf_per_corpus", folder=tables)
fig = bar_grid(per_corpus, title="TF-IDF 關鍵詞 Top keywords per corpus", xlabel="mean TF-IDF", ncols=min(len(per_corpus), 4))
save_figure(fig, "02_keywords_tfidf_per_corpus", folder=figures)
fig

# %% [markdown]
# ## Documents × keywords
# TF-IDF weight of the overall top keywords in each document: the table
# holds every document, the heatmap the `heatmap_documents` documents with
# the largest total weight on these keywords.

# %%
top_all = per_corpus["all"].index[:top_n]
matrix = pd.DataFrame(X[:, [vectorizer.vocabulary_[t] for t in top_all]].toarray(), index=docs.label, columns=top_all)
save_table(matrix.reset_index(), "02_keywords_document_term", folder=tables)
fig = heatmap(top_documents(matrix, n=heatmap_documents), title="文件 × 關鍵詞 TF-IDF", colorbar_label="TF-IDF")
save_figure(fig, "02_keywords_document_term", folder=figures)
fig

# %%
cloud_weights = top_terms_per_group(X, terms, docs.group.tolist(), n=100)["all"]
fig = word_cloud(cloud_weights.to_dict(), title="TF-IDF 詞雲", random_state=random_state)
save_figure(fig, "02_keywords_wordcloud", folder=figures)
fig

# %% [markdown]
# ## TextRank beside TF-IDF
# TextRank ranks words by PageRank on their co-occurrence graph (window of 5
# tokens inside a sentence), from the same sparse window counts as the
# co-occurrence networks of notebook 04 (`count_cooccurrence`), PageRank by
# power iteration.  Where both methods agree, the keyword is robust.

# %%
comparison = []
for name in groups:
    ranked = textrank([s for doc in docs.sentences[docs.group == name] for s in doc], window=5, n=top_n)
    overlap = method_overlap(per_corpus[name], ranked)
    print(f"{name}: {len(overlap['shared'])} of {top_n} keywords shared (Jaccard {overlap['jaccard']:.2f}): {' '.join(overlap['shared'])}")
    comparison.append(pd.DataFrame({"group": name, "rank": range(1, top_n + 1), "tfidf": per_corpus[name].index[:top_n], "textrank": ranked.index.tolist() + [""] * (top_n - len(ranked))}))
comparison = pd.concat(comparison, ignore_index=True)
save_table(comparison, "02_keywords_tfidf_vs_textrank", folder=tables)
explore(comparison)

# %% [markdown]
# ## Keyness: characteristic terms of one corpus against the other
# Log-likelihood G² (signed: positive = characteristic of the first corpus),
# its p-value with Benjamini–Hochberg adjustment, chi-squared and the log
# ratio effect size.  Terms seen fewer than `min_freq` times are left out.

# %%
if len(groups) >= 2:
    target, reference = groups[0], groups[1]
    key = keyness(docs.tokens[docs.group == target], docs.tokens[docs.group == reference], min_freq=min_freq)
    save_table(key, "02_keywords_keyness", folder=tables)
    shown = pd.concat([key.head(top_n), key.tail(top_n)]).drop_duplicates("term")
    fig = diverging_bar(shown.set_index("term").g2, title=f"Keyness {target} vs {reference} (G²)", xlabel="signed G²", labels=(reference, target))
    save_figure(fig, "02_keywords_keyness", folder=figures)
    display(fig)
    significant = (key.p_adjusted < 0.05).sum()
    print(f"{significant} of {len(key)} terms differ significantly (BH-adjusted p < 0.05).")
else:
    key = None
    print("Only one corpus: keyness needs two (give a group column when loading).")
explore(key) if key is not None else None

# %% [markdown]
# ## Which headlines speak to which section?
# Cosine similarity of TF-IDF vectors between each headline (with snippet)
# and each section of the article (its paragraphs together).

# %%
if len(groups) >= 2:
    first = docs[docs.group == groups[0]]
    second = docs[docs.group == groups[1]]
    section_names, section_tokens = group_tokens(first.tokens.tolist(), first.section.fillna(first.label).tolist())
    link = similarity(second.tokens.tolist(), section_tokens, row_labels=second.label.tolist(), column_labels=section_names)
    save_table(link.reset_index(names="document"), "02_keywords_headline_section_similarity", folder=tables)
    fig = heatmap(link, title="標題 × 章節 cosine similarity", cmap="magma", annotate=True, colorbar_label="cosine")
    save_figure(fig, "02_keywords_headline_section_similarity", folder=figures)
    display(fig)
    best = link.idxmax(axis=1).value_counts()
    print("Headlines closest to each section:", best.to_dict())
link.round(2) if len(groups) >= 2 else None

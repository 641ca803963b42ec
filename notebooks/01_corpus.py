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
# # 01 · The corpus at a glance
#
# What the corpus contains, how long its documents are, which terms are most
# frequent in each part, and what segmenting Traditional text through
# Simplified (*script projection*) changes.  Run it on your own corpus by
# changing `corpus` below (or `textkit run --corpus PATH`).

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
top_n = 20
projection_sentences = 2000
random_state = 0

# %%
import pandas as pd
from IPython.display import display

from textkit.analysis.describe import (
    corpus_overview,
    corpus_profile,
    group_top_terms,
    length_distribution,
    length_parts,
    projection_comparison,
    projection_summary,
    sample_sentences,
)
from textkit.output.display import MAX_ROWS, explore
from textkit.output.export import output_path, save_table, save_table_parts
from textkit.engine.prepared import open_corpus
from textkit.output.plot import bar_grid, histogram, save_figure
from textkit.segment import Segmenter
from textkit.segment.discovery import write_user_dict

# %% [markdown]
# ## Documents
# Each row is one document: for the seed, a paragraph of the article (with
# its section) or one related headline with its snippet.  Text is cleaned
# (width, whitespace, scraping boilerplate such as `舉報` or `來源:…`) but
# stays in the script it was written in.  The corpus is prepared once into
# a store (`store`) that every notebook of the run reads: this notebook
# shows at most its first 5,000 documents, and counts the rest shard by shard.

# %%
segmenter = Segmenter(keep_units=keep_units, user_dict=user_dict)
prepared = open_corpus(corpus, store=store, scheduler=scheduler, segmenter=segmenter, n_jobs=n_jobs, discover_words=discover_words, format=corpus_format, sheet=sheet, text_column=text_column,
                       title_column=title_column, id_column=id_column, group_column=group_column, date_column=date_column)
cleaning = prepared.report()
shown = prepared.documents(["doc_id", "group", "section", "position", "text"], limit=MAX_ROWS)
if len(shown) < len(prepared):
    print(f"The first {len(shown):,} of {len(prepared):,} documents (every one is counted below).")
explore(shown)

# %% [markdown]
# ## Boilerplate found by repetition
# A site's footer, a subscription blurb or a share prompt is the same
# sentence in many documents; content seldom is.  Sentences found in at
# least 10 documents and 1% of the corpus were removed before segmenting:
# here they are, with the number of documents that held each.  Documents
# that held nothing else are listed too (they are left out of the analysis).

# %%
save_table(cleaning.repeated, "01_corpus_repeated_sentences", folder=tables)
save_table(cleaning.emptied, "01_corpus_emptied_documents", folder=tables)
print(cleaning.summary())
display(explore(cleaning.emptied)) if len(cleaning.emptied) else None
explore(cleaning.repeated)

# %% [markdown]
# ## New words found in the corpus
# jieba cuts names and terms its dictionary lacks into pieces it knows
# (`林鄭月娥` → `林 / 鄭月 / 娥`), and its HMM cannot join them again.
# textkit looks for them in the corpus itself: strings that recur, whose
# characters stick together far more than chance (`pmi`: cohesion over the
# weakest split, natural log) and that many different characters precede
# and follow (`left_entropy`, `right_entropy`, in nats).  Those that jieba
# would cut into fragments (`pieces`) join the segmenter's dictionary, in
# every notebook of the run (`discover_words`: `"auto"` from 100,000
# characters, `True` or `False`).  The table is written with its scores
# (`01_corpus_discovered_words.csv`), and as a jieba dictionary
# (`01_corpus_discovered_words.txt`, `word freq tag`) that
# `textkit segment --user-dict` and `Segmenter(user_dict=…)` read as it
# is: delete the lines you disagree with and use it as your own dictionary.

# %%
discovered = cleaning.discovered_words
save_table(discovered, "01_corpus_discovered_words", folder=tables)
write_user_dict(discovered, output_path(tables, "01_corpus_discovered_words", ".txt"))
print(cleaning.discovery_summary())
explore(discovered)

# %%
profile = corpus_profile(prepared)
counts = prepared.counts()
summary = corpus_overview(profile, counts)
save_table(summary, "01_corpus_overview", folder=tables, index=True)
explore(summary)

# %% [markdown]
# ## Document lengths
# Characters per document, by group.  Headlines with snippets and article
# paragraphs are of different kinds: keep this in mind when comparing them.

# %%
save_table_parts(length_parts(prepared), "01_corpus_lengths", folder=tables)
length_values, length_documents = length_distribution(profile)
fig = histogram(length_values, weights=length_documents, title="文件長度 Document length", xlabel="characters")
save_figure(fig, "01_corpus_lengths", folder=figures)
fig

# %% [markdown]
# ## Most frequent terms in each group
# Analysis tokens: punctuation, numbers (with their measure words: `12例`)
# and stopwords removed.  The figure draws at most 12 groups (the rest are
# named under it); the table holds every group.

# %%
frequent = group_top_terms(counts, summary.index.tolist(), n=top_n)
save_table(
    pd.concat(frequent, names=["group", "term"]).reset_index(),
    "01_corpus_top_terms",
    folder=tables,
)
fig = bar_grid(frequent, title="高頻詞 Most frequent terms", xlabel="count", ncols=min(len(frequent), 4))
save_figure(fig, "01_corpus_top_terms", folder=figures)
fig

# %% [markdown]
# ## Segmenting Traditional text: as written vs. through Simplified
# jieba's dictionary is Simplified.  Cut as written, Traditional words fall
# apart (`中關/村科學城`); textkit converts to Simplified with OpenCC, cuts,
# and projects the boundaries back, so tokens keep their original script.
# Shown on a random sample of at most `projection_sentences` sentences (drawn
# from as many documents, chosen by a hash of their position and `random_state`).

# %%
sample = prepared.sample(projection_sentences, random_state=random_state, columns=["text"])
sentences = sample_sentences(sample.text.tolist(), n=projection_sentences, random_state=random_state)
comparison = projection_comparison(sentences, segmenter)
save_table(comparison, "01_corpus_projection", folder=tables)
share = comparison.differs.mean()
print(f"{comparison.differs.sum()} of {len(comparison)} sentences ({share:.0%}) segment differently with projection.")
explore(comparison[comparison.differs])

# %%
fig = bar_grid(projection_summary(comparison, segmenter), title="投射前後的高頻詞 Top terms with and without projection", xlabel="count", ncols=2)
save_figure(fig, "01_corpus_projection", folder=figures)
fig

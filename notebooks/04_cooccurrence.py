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
# # 04 · Co-occurrence networks
#
# Which words keep company?  Pairs are counted in a sliding window inside
# sentences (or in whole sentences / documents: `context`), scored with
# association measures (PMI, NPMI, Jaccard, Dice, log-likelihood G²) and
# kept only when significant after Benjamini–Hochberg correction.  Networks
# are exported for Gephi (GraphML) with an edge list.

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
context = "window"
window = 5
min_freq = 3
min_count = 2
measure = "count"
alpha = 0.05
max_edges = 50
heatmap_terms = 15
kwic_terms = 3
kwic_lines = 20
max_groups = 6
seed = 0

# %%
from pathlib import Path

from IPython.display import display

from textkit.analysis.cooccur import association_matrix, associations, build_network, centrality, export_network, store_concordance, store_cooccurrence
from textkit.analysis.describe import largest_groups
from textkit.engine.prepared import open_corpus
from textkit.output.display import explore
from textkit.output.export import save_table
from textkit.output.plot import heatmap, network, save_figure
from textkit.segment import Segmenter

# %%
segmenter = Segmenter(keep_units=keep_units, user_dict=user_dict)
prepared = open_corpus(corpus, store=store, scheduler=scheduler, segmenter=segmenter, n_jobs=n_jobs, discover_words=discover_words, format=corpus_format, sheet=sheet,
                       text_column=text_column, title_column=title_column, id_column=id_column, group_column=group_column, date_column=date_column)
drawn, left_out = largest_groups(prepared.counts(window=window).groups, max_groups, size="documents")
counted, counting = store_cooccurrence(prepared, drawn, combined="combined" if len(drawn) + len(left_out) > 1 else None, context=context, window=window, min_freq=min_freq)
display(counting)
print(f"Not drawn ({len(left_out)} smaller groups; raise max_groups to see them): {', '.join(map(str, left_out))}" if left_out else "Every group is drawn.")

# %% [markdown]
# ## Networks per group
# Node size: frequency; edge width: the association measure (`measure`);
# colour: Louvain community.  Only the `max_edges` strongest significant,
# attracted pairs are drawn, spread so that no two labels overlap; the
# edge tables hold every pair counted at least `min_count` times, among
# words seen at least `min_freq` times.  With many groups, the
# `max_groups` largest are drawn (and the combined corpus).  Pairs are
# counted shard by shard on the corpus store; the table above says how
# many documents each network counts and what pruning dropped (rare pairs
# of a very large corpus: `pairs_pruned`).

# %%
main_network = "combined" if "combined" in counted else next(iter(counted))  # the one the cells below read
graphs = {}
for name in list(counted):
    co = counted.pop(name)  # one network's counts and edges at a time: a large corpus has millions of pairs per group
    edges = associations(co, min_count=min_count, alpha=alpha)
    graph = graphs[name] = build_network(co, edges, measure=measure, max_edges=max_edges, seed=seed)
    if name == main_network:
        main_counts, main_edges = co, edges
    save_table(edges, f"04_cooccurrence_edges_{name}", folder=tables)
    export_network(graph, Path(tables).parent / "networks" / f"04_cooccurrence_{name}.graphml")
    fig = network(graph, title=f"共現網絡 {name} ({context}, {measure})", seed=seed)
    save_figure(fig, f"04_cooccurrence_network_{name}", folder=figures)
    display(fig)
    print(f"{name}: {len(co.vocabulary)} words, {len(edges)} pairs with count >= {min_count}, "
          f"{int(edges.significant.sum())} significant; network {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")

# %% [markdown]
# ## Centrality
# Degree and betweenness in the combined network: the words that hold the
# discourse together.

# %%
co, edges, graph = main_counts, main_edges, graphs[main_network]
central = centrality(graph)
save_table(central, "04_cooccurrence_centrality", folder=tables)
explore(central)

# %% [markdown]
# ## Association among the top terms
# NPMI between the most frequent words (0 = independent, 1 = always together).

# %%
top = [co.vocabulary[i] for i in co.frequency.argsort(kind="stable")[::-1][:heatmap_terms]]
square = association_matrix(edges, top, measure="npmi")
save_table(square.reset_index(names="term"), "04_cooccurrence_npmi_top_terms", folder=tables)
fig = heatmap(square, title="NPMI 前列詞", cmap="RdBu_r", center=0.0, colorbar_label="NPMI")
save_figure(fig, "04_cooccurrence_npmi_top_terms", folder=figures)
fig

# %% [markdown]
# ## Keyword in context
# What an edge means in the text: at most `kwic_lines` concordance lines
# for each of the most central words, the first in corpus order (each
# shard of the store gives its documents that hold a word, cut again with
# every token, so the context reads as the text).

# %%
concordance_lines = store_concordance(prepared, central.term.head(kwic_terms).tolist(), segmenter, max_lines=kwic_lines)
save_table(concordance_lines, "04_cooccurrence_kwic", folder=tables)
explore(concordance_lines)

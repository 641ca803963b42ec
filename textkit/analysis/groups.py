"""Groups: how any number of groups of documents differ, each against the rest.

A group is whatever the ``group`` column of the document table holds (an
outlet, a section, a month, high vs low engagement).  Every function takes
any number of groups and compares each with all the other documents:

* :func:`group_summary` says which groups have enough documents for a
  result, and names those that do not (:func:`groups_message`);
* :func:`keyness_by_group`: G², log ratio and BH-adjusted p of every term,
  each group against the rest, in one tidy table;
* :func:`correspondence_analysis`: the words x groups map KH Coder users
  know (``prince.CA``), on the words that tell the groups apart;
* :func:`prevalence_by_group`: mean topic share per group with bootstrap
  intervals over documents, and its difference from the rest (any
  documents x topics matrix: gensim, tomotopy, NMF);
* :func:`section_similarity`: which documents outside any section (the
  seed's related headlines) speak to which section of an article.

Examples
--------
>>> tokens = [["疫情", "防控"], ["疫情", "醫院"], ["經濟", "增長"], ["經濟", "市場"], ["疫情"]]
>>> groups_message(group_summary(["社會", "社會", "財經", "財經", "體育"], tokens, min_docs=2))
'3 groups, each compared with the rest of the corpus: 社會 (2 documents), 財經 (2). Too few documents (fewer than 2) for a result of their own: 體育 (1); their documents stay in the rest.'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from textkit.analysis._bootstrap import ratio_intervals
from textkit.analysis._ranking import round_sig, round_to_scale, top_n
from textkit.analysis.keywords import _keyness_frame, group_tokens, similarity
from textkit.errors import ParameterError

__all__ = [
    "MIN_DOCS",
    "GroupTerms",
    "group_order",
    "section_documents",
    "group_summary",
    "groups_message",
    "compared_groups",
    "keyness_by_group",
    "CorrespondenceMap",
    "correspondence_analysis",
    "prevalence_by_group",
    "section_similarity",
    "topic_titles",
]

MIN_DOCS = 5
"""Fewest documents a group needs for a result of its own (keyness, map, prevalence)."""

SECTION_DOCUMENTS = 5000
"""Most documents :func:`section_documents` reads from the store (the first ones, in input order)."""


@dataclass(frozen=True, eq=False)
class GroupTerms:
    """Token counts per group: what the group summary, keyness and the correspondence map need, without token lists.

    Attributes
    ----------
    groups : list of str
        In order of first appearance in the corpus.
    documents : ndarray of int64
        Documents per group.
    terms : ndarray of str
        The vocabulary, sorted (code-point order).
    matrix : csr_matrix
        Groups x terms token counts (int64).

    Examples
    --------
    >>> gt = GroupTerms.from_tokens([["疫情", "防控"], ["經濟"], ["疫情"]], ["社會", "財經", "社會"])
    >>> gt.groups, gt.documents.tolist(), gt.tokens.tolist(), gt.terms.tolist()
    (['社會', '財經'], [2, 1], [3, 1], ['疫情', '經濟', '防控'])
    """

    groups: list
    documents: np.ndarray
    terms: np.ndarray
    matrix: sparse.csr_matrix

    @property
    def tokens(self) -> np.ndarray:
        """Tokens per group."""
        return np.asarray(self.matrix.sum(axis=1), dtype=np.int64).ravel()

    @classmethod
    def from_tokens(cls, tokens: Sequence[Sequence[str]], groups: Sequence) -> GroupTerms:
        """Count token lists (one per document) by their group."""
        groups, tokens = _as_lists(groups, tokens)
        names = list(dict.fromkeys(groups))
        row = {g: i for i, g in enumerate(names)}
        terms = sorted({t for toks in tokens for t in toks})
        col = {t: j for j, t in enumerate(terms)}
        rows = np.fromiter((row[g] for g, toks in zip(groups, tokens) for _ in toks), dtype=np.int64)
        cols = np.fromiter((col[t] for toks in tokens for t in toks), dtype=np.int64)
        matrix = sparse.csr_matrix((np.ones(len(cols), dtype=np.int64), (rows, cols)), shape=(len(names), len(terms)))
        matrix.sum_duplicates()
        documents = np.array([Counter(groups)[g] for g in names], dtype=np.int64) if names else np.zeros(0, np.int64)
        return cls(names, documents, np.array(terms, dtype=object), matrix)

    @classmethod
    def from_counts(cls, counts: Any, order: Sequence[str] | None = None) -> GroupTerms:
        """From the reduced counts of a corpus store (:class:`textkit.engine.counts.Counts`).

        Parameters
        ----------
        counts : Counts
        order : sequence of str, optional
            The groups in order of first appearance (:func:`group_order`);
            default: sorted.
        """
        names = counts.groups.group.astype(str).tolist()
        position = {g: i for i, g in enumerate(names)}
        order = names if order is None else [str(g) for g in order]
        if sorted(order) != sorted(names):
            raise ParameterError(f"order must name every group of the counts once (got {order!r}, the counts hold {names!r})")
        rows = np.array([position[g] for g in order], dtype=np.int64)
        matrix = counts.group_terms()[rows].tocsr()
        return cls(list(order), counts.groups.documents.to_numpy(dtype=np.int64)[rows],
                   counts.terms.term.to_numpy(dtype=object), matrix)


def _first_groups(table) -> list[str]:
    """The groups of one part of the store, in order of first appearance (a task of :func:`group_order`)."""
    return list(dict.fromkeys("" if g is None else str(g) for g in table.column("group").to_pylist()))


def group_order(corpus) -> list[str]:
    """The groups of a prepared corpus in order of first appearance (one pass over the ``group`` column of each shard).

    Parameters
    ----------
    corpus : textkit.engine.prepared.PreparedCorpus
    """
    firsts = corpus.map_shards(_first_groups, columns=["group"], stage="groups")
    return list(dict.fromkeys(g for part in firsts for g in part))


def _as_lists(groups: Sequence, tokens: Sequence[Sequence[str]] | None) -> tuple[list[str], list[Sequence[str]] | None]:
    groups = [str(g) for g in groups]
    tokens = None if tokens is None else list(tokens)
    if tokens is not None and len(groups) != len(tokens):
        raise ParameterError(f"groups and tokens must be as long as each other ({len(groups)} groups, {len(tokens)} documents)")
    return groups, tokens


def group_summary(groups: Sequence | GroupTerms, tokens: Sequence[Sequence[str]] | None = None, *, min_docs: int = MIN_DOCS) -> pd.DataFrame:
    """One row per group (in order of first appearance): its size and whether it gets results.

    Parameters
    ----------
    groups : sequence or GroupTerms
        The group of each document, or the counts per group (then
        ``tokens`` is not needed: the counts hold them).
    tokens : sequence of token lists, optional
        With them, a group whose documents hold no token is not compared.
    min_docs : int, default MIN_DOCS
        A group with fewer documents is too small for a result of its own;
        its documents still count in the rest of the corpus.

    Returns
    -------
    DataFrame
        ``group, documents, tokens, compared`` (bool) and ``status``, which
        says why a group is not compared.
    """
    if min_docs < 1:
        raise ParameterError(f"min_docs must be at least 1 (got {min_docs})")
    if isinstance(groups, GroupTerms):
        names = list(groups.groups)
        docs = dict(zip(names, groups.documents.tolist()))
        toks = dict(zip(names, groups.tokens.tolist()))
        tokens = True
    else:
        groups, tokens = _as_lists(groups, tokens)
        docs, toks = Counter(groups), Counter()
        for g, t in zip(groups, tokens if tokens is not None else [()] * len(groups)):
            toks[g] += len(t)
        names = list(dict.fromkeys(groups))
    rows = []
    for g in names:
        if len(names) < 2:
            status = "the only group: nothing to compare it with"
        elif docs[g] < min_docs:
            status = f"too few documents ({docs[g]} < {min_docs}): no result of its own, its documents stay in the rest"
        elif tokens is not None and toks[g] == 0:
            status = "no tokens left after segmentation and filtering"
        else:
            status = "compared with the rest"
        rows.append({"group": g, "documents": docs[g], "tokens": toks[g] if tokens is not None else np.nan, "compared": status == "compared with the rest", "status": status})
    table = pd.DataFrame(rows, columns=["group", "documents", "tokens", "compared", "status"])
    table.attrs["min_docs"] = min_docs
    return table


def compared_groups(summary: pd.DataFrame) -> list[str]:
    """The groups of a :func:`group_summary` that get results, in order."""
    return summary.group[summary.compared].tolist()


def groups_message(summary: pd.DataFrame) -> str:
    """What a :func:`group_summary` means, in a sentence or two, naming every group left out."""
    n = len(summary)
    if n < 2:
        name = summary.group.iloc[0] if n else "none"
        return (f"Only one group ({name}): comparing groups (keyness, correspondence analysis, prevalence per group) "
                "needs two or more. Give a group column (textkit run --group-column COLUMN) to compare outlets, sections or periods.")
    compared = summary[summary.compared]
    left = summary[~summary.compared]
    sizes = [f"{g} ({d:,} documents)" if i == 0 else f"{g} ({d:,})" for i, (g, d) in enumerate(zip(compared.group, compared.documents))]
    text = f"{n} groups, each compared with the rest of the corpus: {', '.join(sizes) or 'none'}."
    if len(left):
        min_docs = summary.attrs.get("min_docs", MIN_DOCS)
        small = left[left.documents < min_docs]
        other = left[left.documents >= min_docs]
        if len(small):
            text += (f" Too few documents (fewer than {min_docs}) for a result of their own: "
                     + ", ".join(f"{g} ({d:,})" for g, d in zip(small.group, small.documents)) + "; their documents stay in the rest.")
        if len(other):
            text += " Not compared: " + ", ".join(f"{g} ({s})" for g, s in zip(other.group, other.status)) + "."
    if len(compared) < 2 and n >= 2:
        text += " Fewer than two groups are large enough: the comparisons below are skipped where they need two."
    return text


def keyness_by_group(
    tokens: Sequence[Sequence[str]] | GroupTerms,
    groups: Sequence | None = None,
    *,
    min_freq: int = 3,
    min_docs: int = MIN_DOCS,
) -> pd.DataFrame:
    """Keyness of every term in each group against the rest of the corpus, as one tidy table.

    Parameters
    ----------
    tokens : sequence of token lists, or GroupTerms
        The documents, or their counts per group (:meth:`GroupTerms.from_counts`:
        a corpus store's reduced counts, no token lists).
    groups : sequence
        The group of each document (not with ``GroupTerms``).
    min_freq : int, default 3
        Keep terms seen at least this often in the whole corpus.
    min_docs : int, default MIN_DOCS
        Groups with fewer documents get no rows (see :func:`group_summary`).

    Returns
    -------
    DataFrame
        ``group, term, freq_group, freq_rest, g2, log_ratio, p,
        p_adjusted, chi2``: per group every term (sorted by signed G², the
        most characteristic first, ties by the term), groups in order of
        first appearance.  Empty (with these columns) when fewer than two
        groups exist.

    Notes
    -----
    Each row is :func:`textkit.analysis.keywords.keyness` of the group against the
    rest: G² (Dunning) signed positive where the term is relatively more
    frequent in the group, Hardie's log ratio (log2 of the ratio of
    relative frequencies, 0.5 for a zero count), and the p value
    Benjamini–Hochberg-adjusted over the terms of that group.  Counts are
    taken once per group and the rest is the corpus minus the group.  With
    two groups the two halves mirror each other.  Token counts treat tokens
    as independent, which documents are not: with few documents G² is
    optimistic.

    Examples
    --------
    >>> tokens = [["疫情", "防控"], ["疫情", "醫院"], ["經濟", "增長"], ["經濟", "市場"]]
    >>> key = keyness_by_group(tokens, ["社會", "社會", "財經", "財經"], min_freq=2, min_docs=2)
    >>> key[["group", "term", "freq_group", "freq_rest"]].values.tolist()[:2]
    [['社會', '疫情', 2, 0], ['社會', '經濟', 0, 2]]
    """
    counts = tokens if isinstance(tokens, GroupTerms) else GroupTerms.from_tokens(tokens, groups)
    columns = ["group", "term", "freq_group", "freq_rest", "g2", "log_ratio", "p", "p_adjusted", "chi2"]
    summary = group_summary(counts, min_docs=min_docs)
    names = compared_groups(summary)
    if len(summary) < 2 or not names:
        return pd.DataFrame(columns=columns)
    total = np.asarray(counts.matrix.sum(axis=0), dtype=np.int64).ravel()
    keep = np.flatnonzero(total >= min_freq)
    row = {g: i for i, g in enumerate(counts.groups)}
    tables = []
    for g in names:
        inside = counts.matrix[row[g]].toarray().ravel()
        n1 = int(inside.sum())
        n2 = int(total.sum()) - n1
        if n2 == 0:  # every token is in this group: no rest to compare with
            continue
        key = _keyness_frame(counts.terms[keep], inside[keep], total[keep] - inside[keep], n1, n2)
        tables.append(key.rename(columns={"freq_target": "freq_group", "freq_reference": "freq_rest"}).assign(group=g))
    if not tables:
        return pd.DataFrame(columns=columns)
    return pd.concat(tables, ignore_index=True)[columns]


@dataclass(frozen=True)
class CorrespondenceMap:
    """A correspondence analysis of words x groups (:func:`correspondence_analysis`).

    Attributes
    ----------
    coordinates : DataFrame
        ``kind`` (``group`` or ``term``), ``label``, ``dim1``, ``dim2``
        (principal coordinates, rounded), ``frequency`` (the term's count
        or the group's tokens among the mapped terms), ``contribution``
        (share of the first two axes' inertia, for terms: what ranks them
        for labelling).
    inertia : tuple of float
        Share of the total inertia on each axis (dim1, dim2).
    """

    coordinates: pd.DataFrame
    inertia: tuple[float, float]


def correspondence_analysis(
    tokens: Sequence[Sequence[str]] | GroupTerms,
    groups: Sequence | None = None,
    *,
    n_terms: int = 60,
    min_freq: int = 5,
    min_docs: int = MIN_DOCS,
) -> CorrespondenceMap | None:
    """Correspondence analysis of a words x groups table (``prince.CA``), KH Coder's map.

    Parameters
    ----------
    tokens : sequence of token lists, or GroupTerms
        As :func:`keyness_by_group`.
    groups : sequence
        Not with ``GroupTerms``.
    n_terms : int, default 60
        The terms mapped: among those seen at least ``min_freq`` times, the
        ``n_terms`` whose distribution over the groups departs most from
        the corpus' (largest chi-squared), as KH Coder's default filter.
    min_freq : int, default 5
    min_docs : int, default MIN_DOCS
        Groups with fewer documents are left out of the map.

    Returns
    -------
    CorrespondenceMap or None
        None when fewer than three groups are large enough: two groups
        give a single axis, which keyness already shows.

    Notes
    -----
    Terms and groups are in principal coordinates (the symmetric map):
    distances between groups and between terms can be read, the distance
    between a term and a group only roughly; a term near a group is used
    relatively more in it.  The SVD is exact (``engine="scipy"``) and each
    axis is turned so that the group farthest from the origin on it lies
    on its positive side (ties by the name), so the map does not flip from
    one machine to another.
    """
    counts = tokens if isinstance(tokens, GroupTerms) else GroupTerms.from_tokens(tokens, groups)
    names = compared_groups(group_summary(counts, min_docs=min_docs))
    if len(names) < 3:
        return None
    import prince  # here, not above: it imports altair (2 s), which two groups never need
    row = {g: i for i, g in enumerate(counts.groups)}
    sub = counts.matrix[[row[g] for g in names]].T.tocsr()  # terms x the compared groups
    freq = np.asarray(sub.sum(axis=1)).ravel()
    kept = np.flatnonzero((freq >= min_freq) & (freq > 0))  # the terms are sorted: so is the table
    table = pd.DataFrame(sub[kept].toarray().astype(float), index=pd.Index(counts.terms[kept], dtype=object), columns=names)
    if len(table) < 3:
        return None
    # Chi-squared of each term's row against the column margins: how far its distribution departs.
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.to_numpy().sum()
    chi2 = round_sig((((table.to_numpy() - expected) ** 2) / expected).sum(axis=1))
    keep = top_n(chi2, table.index.to_numpy(), n=n_terms)
    table = table.iloc[np.sort(keep)]
    table = table.loc[:, table.sum(axis=0) > 0]
    if table.shape[1] < 3:
        return None
    ca = prince.CA(n_components=2, engine="scipy").fit(table)
    rows = np.array(ca.row_coordinates(table), dtype=np.float64)[:, :2]
    cols = np.array(ca.column_coordinates(table), dtype=np.float64)[:, :2]
    # A fixed orientation: the group farthest out on an axis lies on its positive side.
    col_names = np.asarray(table.columns, dtype=str)
    for axis in range(2):
        far = top_n(np.abs(cols[:, axis]), col_names, n=1)[0]
        if round_sig(cols[far, axis]) < 0:
            rows[:, axis] *= -1
            cols[:, axis] *= -1
    eig = np.asarray(ca.eigenvalues_, dtype=np.float64)[:2]
    share = round_sig(eig / ca.total_inertia_)
    contrib = np.asarray(ca.row_contributions_, dtype=np.float64)[:, :2] @ eig / eig.sum()
    xy = round_to_scale(np.vstack([cols, rows]))
    coordinates = pd.DataFrame(
        {
            "kind": ["group"] * len(cols) + ["term"] * len(rows),
            "label": [*col_names, *table.index.astype(str)],
            "dim1": xy[:, 0],
            "dim2": xy[:, 1],
            "frequency": [*table.sum(axis=0).astype(int), *table.sum(axis=1).astype(int)],
            "contribution": round_sig(np.concatenate([np.full(len(cols), np.nan), contrib])),
        }
    )
    return CorrespondenceMap(coordinates=coordinates, inertia=(float(share[0]), float(share[1]) if len(share) > 1 else 0.0))


def prevalence_by_group(
    theta: pd.DataFrame,
    groups: Sequence,
    *,
    n_boot: int = 1000,
    level: float = 0.95,
    min_docs: int = MIN_DOCS,
    random_state: int = 0,
) -> pd.DataFrame:
    """Mean topic share per group, with bootstrap intervals over documents, against the rest.

    Parameters
    ----------
    theta : DataFrame
        Documents x topics (rows sum to 1), from any model: gensim
        (:func:`textkit.analysis.topics.document_topics`), tomotopy
        (:func:`textkit.analysis.topics.fit_gibbs_lda`) or NMF.
    groups : sequence
        The group of each document (same order as ``theta``).
    n_boot : int, default 1000
        Bootstrap replicates (documents resampled within each group).
    level : float, default 0.95
    min_docs : int, default MIN_DOCS
        Groups with fewer documents get no rows (see :func:`group_summary`).
    random_state : int, default 0

    Returns
    -------
    DataFrame
        ``group, topic, documents, prevalence, ci_low, ci_high, rest,
        difference, diff_low, diff_high, differs``: ``prevalence`` is the
        group's mean topic share, ``rest`` the other documents' mean, and
        ``differs`` is True where the interval of the difference excludes 0.

    Notes
    -----
    The intervals are percentile intervals of a bootstrap over documents:
    they say how much the mean would move with other documents from the
    same source, not how much the topic model itself would change with
    another seed (:func:`textkit.analysis.topics.stability` measures that).
    ``benchmarks/uncertainty_coverage.py`` checks how often they cover a
    planted truth.  Unlike STM's ``estimateEffect`` the model is not
    refitted; unlike BERTopic's ``topics_per_class`` there are intervals.

    Examples
    --------
    >>> theta = pd.DataFrame({"topic 0": [0.9, 0.8, 0.2, 0.1], "topic 1": [0.1, 0.2, 0.8, 0.9]})
    >>> out = prevalence_by_group(theta, ["社會", "社會", "財經", "財經"], min_docs=2)
    >>> out[["group", "topic", "prevalence"]].values.tolist()[:2]
    [['社會', 'topic 0', 0.85], ['社會', 'topic 1', 0.15]]
    """
    groups = [str(g) for g in groups]
    if len(groups) != len(theta):
        raise ParameterError(f"theta has {len(theta)} documents but {len(groups)} groups were given")
    summary = group_summary(groups, min_docs=min_docs)
    names = compared_groups(summary)
    columns = ["group", "topic", "documents", "prevalence", "ci_low", "ci_high", "rest", "difference", "diff_low", "diff_high", "differs"]
    if len(summary) < 2 or not names:
        return pd.DataFrame(columns=columns)
    values = round_sig(theta.to_numpy(dtype=np.float64))
    out = ratio_intervals(values, np.ones(len(values)), groups, n_boot=n_boot, level=level, min_docs=min_docs,
                          random_state=random_state, columns=[str(c) for c in theta.columns], order=names, rest=True)
    out = round_sig(out.rename(columns={"label": "group", "column": "topic", "estimate": "prevalence"}))
    out["differs"] = (out.diff_low > 0) | (out.diff_high < 0)
    return out[columns]


def section_similarity(docs: pd.DataFrame, *, sublinear_tf: bool = True) -> pd.DataFrame | None:
    """Cosine similarity between documents without a section and the sections of an article.

    In the seed format, article paragraphs carry their section and the
    related headlines carry none: this links each headline to the sections
    it speaks to.  Corpora read from CSV, JSONL or plain text have no
    sections, and get None.

    Parameters
    ----------
    docs : DataFrame
        The document table with ``tokens``, ``section`` and ``label``.

    Returns
    -------
    DataFrame or None
        Documents without a section x sections (paragraphs joined, in order
        of first appearance), or None unless the corpus has both kinds.
    """
    sectioned = docs.section.notna().to_numpy()
    if sectioned.all() or not sectioned.any():
        return None
    inside, outside = docs[sectioned], docs[~sectioned]
    names, section_tokens = group_tokens(inside.tokens.tolist(), inside.section.tolist())
    return similarity(outside.tokens.tolist(), section_tokens, row_labels=outside.label.tolist(), column_labels=names,
                      sublinear_tf=sublinear_tf)


def topic_titles(terms: pd.DataFrame, *, n: int = 4) -> dict[str, str]:
    """Panel titles for topics: ``{"topic 0": "topic 0: 疫情 防控 醫院 患者"}``, from a topic-terms table.

    Parameters
    ----------
    terms : DataFrame
        ``topic, rank, term`` (:func:`textkit.analysis.topics.topic_terms`,
        :func:`textkit.analysis.topics.fit_gibbs_lda`, :func:`textkit.analysis.topics.fit_nmf`).
    n : int, default 4
        Top words in each title.

    Examples
    --------
    >>> terms = pd.DataFrame({"topic": [0, 0, 1], "rank": [1, 2, 1], "term": ["疫情", "防控", "經濟"]})
    >>> topic_titles(terms)
    {'topic 0': 'topic 0: 疫情 防控', 'topic 1': 'topic 1: 經濟'}
    """
    out = {}
    for topic, part in terms.sort_values(["topic", "rank"], kind="stable").groupby("topic", sort=True):
        name = topic if str(topic).startswith("topic") else f"topic {topic}"
        out[name] = f"{name}: {' '.join(part.term.astype(str).head(n))}"
    return out


def _section_counts(table) -> tuple[int, int]:
    """Documents with and without a section in one part of the store (a task of :func:`section_documents`)."""
    n = table.num_rows
    without = table.column("section").null_count
    return n - without, without


def section_documents(corpus, *, limit: int = SECTION_DOCUMENTS) -> pd.DataFrame:
    """The documents :func:`section_similarity` links, read from a corpus store: none unless it has both kinds.

    Sections come with the seed format (article paragraphs carry one, the
    related headlines none).  One pass reads the ``section`` column of each
    shard; only when the corpus holds documents with and without a section
    are documents read, and then the first ``limit`` of them, in input order
    (a choice that does not depend on the shards).

    Parameters
    ----------
    corpus : textkit.engine.prepared.PreparedCorpus
    limit : int, default SECTION_DOCUMENTS

    Returns
    -------
    DataFrame
        ``label``, ``section``, ``tokens`` (empty when the corpus has no
        sections, or nothing but sections).

    Warns
    -----
    TextkitWarning
        When the corpus holds more than ``limit`` documents: the similarity
        covers the first ``limit``.
    """
    import warnings

    from textkit.errors import TextkitWarning

    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ParameterError(f"limit must be a whole number of at least 1 (got {limit!r})")
    found = corpus.map_shards(_section_counts, columns=["section"], stage="sections")
    inside, outside = sum(a for a, _ in found), sum(b for _, b in found)
    columns = ["label", "section", "tokens"]
    if not inside or not outside:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    if inside + outside > limit:
        warnings.warn(f"headline-section similarity: the first {limit:,} of {inside + outside:,} documents (the seed format's "
                      "sections and headlines) are compared", TextkitWarning, stacklevel=2)
    return corpus.documents(columns, limit=limit)

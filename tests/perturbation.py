"""Imitate another machine: relative noise of 1e-12 on model outputs and matrices.

On another CPU numpy's BLAS, numpy's SIMD loops and tomotopy's build differ,
so floats differ in their last bits, and an eigensolver may return an axis
with the opposite sign.  The patches here add that kind of difference (far
larger than a last bit, to be sure) to what textkit reads from its
libraries:

* gensim: ``LdaModel.get_topics``, ``LdaModel.inference`` (outside training),
  ``CoherenceModel.get_coherence`` and ``get_coherence_per_topic``;
* scikit-learn: ``TfidfVectorizer.fit_transform``/``transform``,
  ``NMF.fit_transform`` (document weights and ``components_``),
  ``cosine_similarity``;
* tomotopy: ``LDAModel.get_topic_word_dist`` and the documents'
  ``get_topic_dist``;
* networkx: ``spring_layout``, ``pagerank``, ``betweenness_centrality``;
* textkit's own PageRank (TextRank), by power iteration in scipy;
* pyLDAvis: ``js_PCoA`` (noise, and both axes turned round);
* numpy's ``log``/``log2`` as textkit's keyness and association code calls them.

Two ways in: :func:`sitecustomize` writes a ``sitecustomize.py`` that
installs :func:`install_import_hook` (each library is patched when it is
imported), so a process started with its folder on ``PYTHONPATH`` -- and
the notebook kernels it starts -- is perturbed; :func:`patch_all` patches the
libraries this process has imported, through a ``setattr`` such as pytest's
``monkeypatch.setattr`` (undone after the test).

With ``TEXTKIT_PERTURB_LOG`` set, the name of each patch is appended to that
file the first time it fires in a process, so a test can check that the
perturbation really happened.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

RELATIVE = 1e-12

_rng = None
_fired: set[str] = set()


def _record(what: str) -> None:
    if what in _fired:
        return
    _fired.add(what)
    log = os.environ.get("TEXTKIT_PERTURB_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(what + "\n")


def fired() -> set[str]:
    """Names of the patches that have fired in this process."""
    return set(_fired)


def noise(x, what: str):
    """``x`` times (1 + u * 1e-12), u uniform in [-1, 1] per value: arrays, sparse matrices, floats, dicts of them.

    Float arrays come back as float64.
    """
    import numpy as np
    from scipy import sparse

    global _rng
    if _rng is None:
        _rng = np.random.default_rng(20261125)
    _record(what)
    if isinstance(x, dict):
        return {k: noise(v, what) for k, v in x.items()}
    if sparse.issparse(x):
        x = x.copy()
        x.data = noise(x.data, what)
        return x
    if isinstance(x, np.ndarray):
        if x.dtype.kind != "f":
            return x
        # In float64 (float32 could not hold the noise: tomotopy's distributions come back as float64).
        return x.astype(np.float64) * (1 + RELATIVE * _rng.uniform(-1, 1, x.shape))
    if isinstance(x, (float, np.floating)):
        return type(x)(x * (1 + RELATIVE * _rng.uniform(-1, 1)))
    return x


def _wrap(func: Callable, what: str, transform: Callable | None = None) -> Callable:
    def wrapper(*args, **kwargs):
        out = func(*args, **kwargs)
        return transform(out, args, kwargs) if transform else noise(out, what)

    wrapper.__wrapped__ = func
    wrapper.__name__ = getattr(func, "__name__", "wrapper")
    wrapper.__doc__ = getattr(func, "__doc__", None)
    return wrapper


# One function per module: patch(module, setattr).

def _gensim_lda(module, set_=setattr):
    cls = module.LdaModel
    set_(cls, "get_topics", _wrap(cls.get_topics, "gensim.LdaModel.get_topics"))

    def inference(out, args, kwargs):
        collect = kwargs.get("collect_sstats", args[2] if len(args) > 2 else False)
        if collect:  # training: leave the model's own arithmetic alone
            return out
        gamma, sstats = out
        return noise(gamma, "gensim.LdaModel.inference"), sstats

    set_(cls, "inference", _wrap(cls.inference, "", inference))


def _gensim_coherence(module, set_=setattr):
    cls = module.CoherenceModel
    set_(cls, "get_coherence", _wrap(cls.get_coherence, "gensim.CoherenceModel.get_coherence"))
    set_(cls, "get_coherence_per_topic", _wrap(cls.get_coherence_per_topic, "gensim.CoherenceModel.get_coherence_per_topic"))


def _sklearn_text(module, set_=setattr):
    cls = module.TfidfVectorizer
    set_(cls, "fit_transform", _wrap(cls.fit_transform, "sklearn.TfidfVectorizer.fit_transform"))
    set_(cls, "transform", _wrap(cls.transform, "sklearn.TfidfVectorizer.transform"))


def _sklearn_nmf(module, set_=setattr):
    cls = module.NMF
    original = cls.fit_transform

    def fit_transform(self, *args, **kwargs):
        W = original(self, *args, **kwargs)
        self.components_ = noise(self.components_, "sklearn.NMF.components_")
        return noise(W, "sklearn.NMF.fit_transform")

    set_(cls, "fit_transform", fit_transform)


def _sklearn_pairwise(module, set_=setattr):
    set_(module, "cosine_similarity", _wrap(module.cosine_similarity, "sklearn.cosine_similarity"))


class _Proxy:
    """``obj`` with the results of some of its functions made noisy: ``{function name: patch name}``."""

    def __init__(self, obj, noisy: dict[str, str]):
        self._obj, self._noisy = obj, noisy

    def __getattr__(self, name):
        value = getattr(self._obj, name)
        return _wrap(value, self._noisy[name]) if name in self._noisy else value


def _tomotopy(module, set_=setattr):
    base = module.LDAModel

    class LDAModel(base):
        def get_topic_word_dist(self, *args, **kwargs):
            return noise(super().get_topic_word_dist(*args, **kwargs), "tomotopy.LDAModel.get_topic_word_dist")

        @property
        def docs(self):
            return [_Proxy(d, {"get_topic_dist": "tomotopy.Document.get_topic_dist"}) for d in super().docs]

    LDAModel.__name__ = LDAModel.__qualname__ = "LDAModel"
    set_(module, "LDAModel", LDAModel)


def _networkx(module, set_=setattr):
    for name in ("spring_layout", "pagerank", "betweenness_centrality"):
        set_(module, name, _wrap(getattr(module, name), f"networkx.{name}"))


def _pyldavis(module, set_=setattr):
    def turned(out, args, kwargs):
        return -noise(out, "pyLDAvis.js_PCoA")  # another eigensolver: the other sign on both axes

    set_(module, "js_PCoA", _wrap(module.js_PCoA, "", turned))


def _textkit_numpy(module, set_=setattr):
    """numpy as a textkit module sees it, with noisy ``log`` and ``log2`` (another CPU's SIMD loops)."""
    set_(module, "np", _Proxy(module.np, {"log": "numpy.log", "log2": "numpy.log2"}))


def _textkit_keywords(module, set_=setattr):
    """numpy as above, and TextRank's PageRank (a sparse product in another order sums otherwise)."""
    _textkit_numpy(module, set_)
    set_(module, "_pagerank", _wrap(module._pagerank, "textkit.analysis.keywords._pagerank"))


PATCHES: dict[str, Callable] = {
    "gensim.models.ldamodel": _gensim_lda,
    "gensim.models.coherencemodel": _gensim_coherence,
    "sklearn.feature_extraction.text": _sklearn_text,
    "sklearn.decomposition._nmf": _sklearn_nmf,
    "sklearn.metrics.pairwise": _sklearn_pairwise,
    "tomotopy": _tomotopy,
    "networkx": _networkx,
    "pyLDAvis._prepare": _pyldavis,
    "textkit.analysis._contingency": _textkit_numpy,
    "textkit.analysis.keywords": _textkit_keywords,
    "textkit.analysis.cooccur": _textkit_numpy,
}


def patch_all(set_=setattr) -> None:
    """Patch every library above that is imported (for in-process tests: pass ``monkeypatch.setattr``)."""
    for name, patch in PATCHES.items():
        if name in sys.modules:
            patch(sys.modules[name], set_)


class _Hook:
    """A meta-path finder that lets the usual finder load a module, then patches it."""

    def find_spec(self, name, path=None, target=None):
        patch = PATCHES.get(name)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        exec_module = loader.exec_module

        def exec_and_patch(module):
            exec_module(module)
            patch(module)

        loader.exec_module = exec_and_patch
        return spec


def install_import_hook() -> None:
    """Patch each library of :data:`PATCHES` when it is first imported in this process."""
    if not any(isinstance(f, _Hook) for f in sys.meta_path):
        sys.meta_path.insert(0, _Hook())


def environment(folder: Path) -> dict[str, str]:
    """Environment variables for a perturbed process: ``folder/sitecustomize.py`` on ``PYTHONPATH``, fired patches logged to ``folder/fired.log``."""
    path = os.pathsep.join(filter(None, [str(sitecustomize(folder)), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "TEXTKIT_PERTURB_LOG": str(folder / "fired.log")}


def sitecustomize(folder: Path) -> Path:
    """Write ``folder/sitecustomize.py``, which perturbs any Python started with ``folder`` on ``PYTHONPATH``."""
    folder.mkdir(parents=True, exist_ok=True)
    here = Path(__file__).resolve().parent
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(here)!r})",
        "import perturbation",
        "perturbation.install_import_hook()",
        f"sys.path.remove({str(here)!r})",
    ]
    (folder / "sitecustomize.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder

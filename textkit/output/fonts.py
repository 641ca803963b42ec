"""CJK fonts without a system font: found, registered, extracted and subset explicitly.

Used by :mod:`textkit.output.plot` (matplotlib, wordcloud) and by the pyLDAvis page
(:func:`textkit.output.report.ldavis_html`), so that Chinese renders the same
everywhere.  Nothing here runs at import.
"""

from __future__ import annotations

import base64
import functools
import io
import os

from textkit.errors import ParameterError

__all__ = ["cjk_font", "cjk_font_file", "cjk_font_face_css"]

_PREFERRED = [
    "Noto Sans CJK TC",
    "Source Han Sans TC",
    "Noto Sans TC",
    "Source Han Sans TW",
    "PingFang TC",
    "Microsoft JhengHei",
]
_SHIPPED_FAMILY = "Noto Sans CJK TC"


@functools.cache
def cjk_font() -> str:
    """The CJK font family used for every figure, registered with matplotlib if needed.

    Returns
    -------
    str
        A family name that matplotlib can find, covering Traditional and
        Simplified characters.

    Notes
    -----
    An installed Noto Sans CJK TC / Source Han Sans TC (or another of a
    short list of Traditional CJK fonts) wins; otherwise the Noto Sans CJK
    collection carried by the ``noto-cjk-sans-otc`` package is registered
    with ``fontManager.addfont`` (no change to matplotlib's install or
    cache).  ``$TEXTKIT_FONT`` names a family to use instead.
    """
    from matplotlib import font_manager

    wanted = os.environ.get("TEXTKIT_FONT")
    installed = {f.name for f in font_manager.fontManager.ttflist}
    if wanted:
        if wanted not in installed:
            raise ParameterError(f"TEXTKIT_FONT={wanted!r} is not a font matplotlib knows")
        return wanted
    for family in _PREFERRED:
        if family in installed:
            return family
    import noto_cjk_sans_otc

    font_manager.fontManager.addfont(str(noto_cjk_sans_otc.FONT_PATH))
    return _SHIPPED_FAMILY


@functools.cache
def cjk_font_file() -> str:
    """A single-face font file of :func:`cjk_font`, for libraries that take a path (wordcloud).

    The Traditional face of the shipped collection is extracted once into
    the cache folder (wordcloud would otherwise use the collection's first,
    Japanese, face).
    """
    from matplotlib import font_manager

    family = cjk_font()
    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    if not path.lower().endswith((".ttc", ".otc")):
        return path
    from fontTools.ttLib import TTCollection

    from textkit.corpus.resources import cache_dir

    target = cache_dir() / "fonts" / f"{family.replace(' ', '')}-Regular.otf"
    if not target.exists():
        collection = TTCollection(path)
        face = next(f for f in collection.fonts if f["name"].getDebugName(1) == family)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        face.save(str(tmp))
        os.replace(tmp, target)
    return str(target)


def cjk_font_face_css(text: str, *, family: str = "textkit-cjk") -> str:
    """A CSS ``@font-face`` rule embedding the CJK font, subset to the characters of ``text``.

    A few hundred characters make a font of tens of kilobytes, so an HTML
    page can carry its own glyphs and render Chinese in a browser without
    CJK fonts.  The subset is deterministic (no timestamp is rewritten).

    Notes
    -----
    Subsetting the 16 MB font takes about a second for 800 characters
    (fontTools; bounding boxes are not recomputed, which saves a third and
    changes no byte a browser reads).  The rule is kept in the cache folder
    (``fonts/subsets``), keyed by the font file and the characters, so a
    report written again with the same characters costs nothing.
    """
    import hashlib

    from textkit.corpus.resources import cache_dir

    characters = "".join(sorted(set(text)))
    path = cjk_font_file()
    st = os.stat(path)
    key = hashlib.sha256(f"1\0{path}\0{st.st_size}\0{st.st_mtime_ns}\0{family}\0{characters}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
    kept = cache_dir() / "fonts" / "subsets" / f"{key}.css"
    try:
        return kept.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        pass
    rule = _font_face_css(path, characters, family)
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        tmp = kept.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(rule, encoding="ascii")
        os.replace(tmp, kept)
    except OSError:  # a read-only cache folder: the rule is still returned
        pass
    return rule


def _font_face_css(path: str, characters: str, family: str) -> str:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path, recalcTimestamp=False, recalcBBoxes=False)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'@font-face {{ font-family: "{family}"; src: url("data:font/otf;base64,{data}") format("opentype"); }}'

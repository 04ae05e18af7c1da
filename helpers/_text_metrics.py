"""One text-metrics cache for every figure an explorer draws (a redraw speed-up; nothing drawn changes).

matplotlib caches a text's size per *renderer* (``matplotlib.text._get_text_metrics_with_cache``), and every
new figure gets a new renderer, so an explorer that draws a fresh figure on each slider move measures
every label, title and tick again with FreeType (``FT2Font.set_text``: about a fifth of a grid
explorer's redraw, measured with cProfile on notebook 05's channel explorer). For the Agg renderer
(the notebook's inline backend) the size depends only on the text, the font files, the size in points,
the dpi and the hinting settings, so :func:`install` keys one cache on exactly those and lets every
other case (mathtext, TeX, other renderers) through to matplotlib unchanged.
"""

from __future__ import annotations

__all__ = ["install"]

MAX_ENTRIES = 20_000


def install() -> bool:
    """Share text metrics between Agg renderers; True when installed (idempotent), False if unsupported."""
    try:
        import matplotlib as mpl
        import matplotlib.text as mtext
        from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
        from matplotlib.font_manager import fontManager
    except ImportError:
        return False
    original = getattr(mtext, "_get_text_metrics_with_cache", None)
    if original is None:
        return False
    if getattr(original, "_helpers_shared", False):
        return True
    agg_metrics = RendererAgg.get_text_width_height_descent
    find = getattr(fontManager, "_find_fonts_by_props", None)
    if find is None:
        return False
    cache: dict = {}

    def shared(renderer, text, fontprop, ismath, dpi):
        if ismath is not False or type(renderer).get_text_width_height_descent is not agg_metrics:
            return original(renderer, text, fontprop, ismath, dpi)
        rc = mpl.rcParams
        key = (
            text,
            tuple(find(fontprop)),
            fontprop.get_size_in_points(),
            renderer.dpi,
            get_hinting_flag(),
            rc["text.hinting_factor"],
            rc["text.kerning_factor"],
        )
        try:
            return cache[key]
        except KeyError:
            pass
        value = original(renderer, text, fontprop, ismath, dpi)
        if len(cache) >= MAX_ENTRIES:
            cache.clear()
        cache[key] = value
        return value

    shared._helpers_shared = True  # type: ignore[attr-defined]
    shared.__wrapped__ = original  # type: ignore[attr-defined]
    mtext._get_text_metrics_with_cache = shared  # type: ignore[attr-defined]
    return True

"""Notebooks 08-09: pictures of digits, filters, feature maps, activation maximisation and max pooling.

This module draws digits, filters and shifted digits; the feature maps are in
:mod:`helpers.explorers.feature_maps` and activation maximisation, top patches and
pool routing in :mod:`helpers.explorers.inside_gradients`. Both are re-exported here.
"""

from __future__ import annotations

import numpy as np

from ..i18n import _, get_language
from ..plotting import new_figure
from .feature_maps import (
    FEATURE_MAP_RANGES,
    draw_feature_maps,
    draw_layer_by_layer,
    feature_map_caption,
    feature_map_explorer,
    feature_maps,
    map_layers,
)
from .inside_gradients import (
    activation_maximisation,
    backward_from,
    draw_pool_routing,
    draw_top_patches,
    gradient_share,
    pool_routing,
    receptive_field,
    top_activating,
    top_patches,
)

__all__ = [
    "draw_digits",
    "draw_filters",
    "draw_layer_by_layer",
    "draw_shifts",
    "feature_maps",
    "map_layers",
    "draw_feature_maps",
    "feature_map_explorer",
    "feature_map_caption",
    "FEATURE_MAP_RANGES",
    "activation_maximisation",
    "draw_pool_routing",
    "pool_routing",
    "top_activating",
    "backward_from",
    "filter_correlations",
    "receptive_field",
    "top_patches",
    "draw_top_patches",
    "gradient_share",
]


def draw_digits(images, titles=None, *, ncols: int = 10, size: float = 1.1, suptitle: str | None = None):
    """A grid of 28x28 digits; images (N, 1, H, W) or (N, H, W); titles one short string each."""
    images = np.asarray(images)
    if images.ndim == 4:
        images = images[:, 0]
    n = len(images)
    ncols = max(1, min(ncols, n))
    nrows = max(1, -(-n // ncols))
    fig, axes = new_figure(ncols, nrows, width=size, height=size * (1.25 if titles is not None else 1.0))
    for k, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if k < n:
            ax.imshow(images[k], cmap="gray_r", vmin=0, vmax=1)
            if titles is not None:
                ax.set_title(titles[k], fontsize=8)
    if suptitle:
        fig.suptitle(suptitle, fontsize=11)
    fig.tight_layout()
    return fig


def draw_filters(
    W, *, title: str = "filters", ncols: int = 10, size: float = 1.0, lim: float | None = None, channel: int = 0
):
    """Every filter of a conv layer, W (F, C, KH, KW) (input channel ``channel``), on ONE symmetric scale.

    Colour convention of notebooks 08-09 for weights: ``RdBu_r``, red > 0, blue < 0, white = 0.
    lim : the scale ±lim; pass the same lim to several calls to compare them (default max|W|).
    The colour bar gives the numbers (colour is not the only cue: the scale is printed).
    """
    W = np.asarray(W)
    F = W.shape[0]
    ncols = min(ncols, F)
    nrows = -(-F // ncols)
    fig, axes = new_figure(ncols, nrows, width=size, height=size * 1.15)
    lim = float(np.abs(W).max()) or 1.0 if lim is None else float(lim)
    im = None
    for k, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if k < F:
            im = ax.imshow(W[k, channel], cmap="RdBu_r", vmin=-lim, vmax=lim, interpolation="nearest")
            ax.set_title(_("filter {k}").format(k=k), fontsize=7)
    fig.suptitle(_("{title}  (colour scale ±{lim:.2f}; red > 0, blue < 0)").format(title=title, lim=lim), fontsize=10)
    fig.tight_layout()
    if im is not None:
        fig.colorbar(im, ax=axes.ravel().tolist(), shrink=0.6, pad=0.01)
    return fig


def filter_correlations(W_before, W_after) -> np.ndarray:
    """Pearson correlation of each filter before and after training: (F,) for W (F, C, KH, KW)."""
    a = np.asarray(W_before, dtype=float).reshape(len(W_before), -1)
    b = np.asarray(W_after, dtype=float).reshape(len(W_after), -1)
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def shift_title(dy: int, dx: int) -> str:
    """'down -2, right 0' in English (as before); in Japanese the direction follows the sign (上に 2)."""
    if (dy, dx) == (0, 0):
        return _("original")
    if get_language() == "en":
        return f"down {dy}, right {dx}"
    parts = []
    if dy:
        parts.append((_("down {n}") if dy > 0 else _("up {n}")).format(n=abs(dy)))
    if dx:
        parts.append((_("right {n}") if dx > 0 else _("left {n}")).format(n=abs(dx)))
    return parts[0] if len(parts) == 1 else _("{vertical}, {horizontal}").format(vertical=parts[0], horizontal=parts[1])


def draw_shifts(image, shifts=((0, 0), (-2, 0), (2, 0), (0, -2), (0, 2), (2, 2))):
    """One digit moved by a few pixels (the augmentation used in training)."""
    image = np.asarray(image)
    img = image[0] if image.ndim == 3 else image
    H, W = img.shape
    out = []
    for dy, dx in shifts:
        moved = np.zeros_like(img)
        src = img[max(0, -dy) : H - max(0, dy), max(0, -dx) : W - max(0, dx)]
        moved[max(0, dy) : max(0, dy) + src.shape[0], max(0, dx) : max(0, dx) + src.shape[1]] = src
        out.append(moved)
    titles = [shift_title(dy, dx) for dy, dx in shifts]
    return draw_digits(
        np.array(out), titles, ncols=len(shifts), size=1.5, suptitle=_("small random shifts: the same digit, moved")
    )

"""Notebook 09, feature maps: which layers have maps, the maps of one digit, the slider explorer.

Re-exported by :mod:`helpers.explorers.inside`, which the notebooks import.
"""

from __future__ import annotations

import numpy as np

from ..i18n import _
from ..plotting import new_figure

__all__ = [
    "FEATURE_MAP_RANGES",
    "map_layers",
    "feature_maps",
    "feature_map_caption",
    "draw_feature_maps",
    "draw_layer_by_layer",
    "feature_map_explorer",
]

# slider name -> (min, max, default) for notebook 09's LeNet-like network (helpers.zoo.lenet_digits): 20
# example digits (two of each class), the six layers with feature maps (0 conv, 1 ReLU, 2 max pool, 3 conv,
# 4 ReLU, 5 max pool) and up to 16 maps (6 in layers 0-2, 16 in layers 3-5)
FEATURE_MAP_RANGES = {"digit": (0, 19, 0), "layer": (0, 5, 0), "filter_index": (0, 15, 0)}


# ------------------------------------------------------------------------------ feature maps


def map_layers(model) -> list[int]:
    """Indices of the layers whose output is a stack of feature maps (N, C, H, W), up to the first Flatten."""
    from ..layers import Flatten

    out = []
    for i, layer in enumerate(model.layers):
        if isinstance(layer, Flatten):
            break
        out.append(i)
    return out


def feature_maps(model, image, layer: int) -> np.ndarray:
    """The output of ``model.layers[layer]`` for one image (1, H, W) or (H, W): (C, OH, OW), eval mode."""
    image = np.asarray(image)
    x = image.reshape((1, 1) + image.shape[-2:])
    was = model.training
    model.eval()
    try:
        return model.forward(x, upto=layer)[0]
    finally:
        if was:
            model.train()


def feature_map_caption(model, layer: int) -> str:
    """'layer 2 · MaxPool2D(2): output 12×12, 30 maps' for a 1×28×28 input."""
    shape = model.summary((1, 28, 28)).output_shapes[layer]
    return _("layer {layer} · {model_layers_layer!r}: output {shape_1}×{shape_2}, {shape_0} maps").format(
        layer=layer, model_layers_layer=model.layers[layer], shape_1=shape[1], shape_2=shape[2], shape_0=shape[0]
    )


def draw_feature_maps(model, images, digit: int = 0, layer: int = 0, filter_index: int = 0, *, labels=None):
    """The chosen digit, every feature map of one layer (the chosen map outlined), and that map enlarged.

    model : a trained Sequential with feature-map layers (see :func:`map_layers`);  images (M, 1, 28, 28);
    digit in 0..M-1;  layer : index of a layer with feature maps;  filter_index in 0..C-1 (C maps there)

    Everything is drawn in ONE axes without ticks (images at different extents, a drawn colour scale),
    which keeps a slider move well under 100 ms.
    """
    from matplotlib.patches import Rectangle

    layers = map_layers(model)
    if layer not in layers:
        raise ValueError(
            _("draw_feature_maps: layer must be one of {layers} (the layers before Flatten), got {layer}").format(
                layers=layers, layer=layer
            )
        )
    if not 0 <= digit < len(images):
        raise ValueError(
            _("draw_feature_maps: digit must be in 0..{len_images_1}, got {digit}").format(
                len_images_1=len(images) - 1, digit=digit
            )
        )
    maps = feature_maps(model, images[digit], layer)
    C, OH, OW = maps.shape
    if not 0 <= filter_index < C:
        raise ValueError(
            _(
                "draw_feature_maps: layer {layer} has {C} maps, so filter_index must be in 0..{c_1}, got {filter_index}"
            ).format(layer=layer, C=C, c_1=C - 1, filter_index=filter_index)
        )
    import matplotlib.pyplot as plt

    # all C maps as tiles of one mosaic image, each small map on its own symmetric scale
    ncols = 6 if C > 16 else int(np.ceil(np.sqrt(C)))
    nrows = -(-C // ncols)
    gap = max(1, OH // 8)
    mosaic = np.full((nrows * (OH + gap) - gap, ncols * (OW + gap) - gap), np.nan)
    for k in range(C):
        r0, c0 = (k // ncols) * (OH + gap), (k % ncols) * (OW + gap)
        lim_k = float(np.abs(maps[k]).max()) or 1.0
        mosaic[r0 : r0 + OH, c0 : c0 + OW] = maps[k] / lim_k
    cmap = plt.get_cmap("RdBu_r").copy()
    cmap.set_bad("0.8")  # the gaps between tiles, not to be read as 0 (white)

    # one coordinate system: the panels are 40 units high, side by side
    Hp = 40.0
    s = Hp / max(mosaic.shape[0], mosaic.shape[1] * 0.75)
    mw, mh = mosaic.shape[1] * s, mosaic.shape[0] * s
    xm = 34.0
    xb = xm + mw + 5.0
    bw = Hp * OW / OH
    total = xb + bw + 1.0
    fig = plt.figure(figsize=((total + 0.5) * 0.075, (Hp + 15.5) * 0.075))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.axis("off")
    ax.imshow(
        np.asarray(images[digit]).reshape(28, 28),
        cmap="gray_r",
        vmin=0,
        vmax=1,
        extent=(0, 28, 34, 6),
        interpolation="nearest",
    )
    label = "" if labels is None else _(" (a {label})").format(label=labels[digit])
    ax.text(
        14,
        5,
        _("input digit {digit}{label}\n1×28×28").format(digit=digit, label=label),
        ha="center",
        va="bottom",
        fontsize=9,
    )
    ax.imshow(mosaic, cmap=cmap, vmin=-1, vmax=1, interpolation="nearest", extent=(xm, xm + mw, mh, 0))
    r0, c0 = (filter_index // ncols) * (OH + gap), (filter_index % ncols) * (OW + gap)
    ax.add_patch(
        Rectangle(
            (xm + (c0 - gap / 2) * s, (r0 - gap / 2) * s),
            (OW + gap) * s,
            (OH + gap) * s,
            fill=False,
            edgecolor="k",
            lw=3,
        )
    )
    ax.text(
        xm + mw / 2,
        -1,
        _(
            "all {C} maps of layer {layer} ({model_layers_layer!r}),\nmap {filter_index} outlined (each on its own scale)"
        ).format(C=C, layer=layer, model_layers_layer=model.layers[layer], filter_index=filter_index),
        ha="center",
        va="bottom",
        fontsize=9,
    )
    lim = float(np.abs(maps[filter_index]).max()) or 1.0
    ax.imshow(
        maps[filter_index], cmap="RdBu_r", vmin=-lim, vmax=lim, interpolation="nearest", extent=(xb, xb + bw, Hp, 0)
    )
    ax.text(
        xb + bw / 2,
        -1,
        _("map {filter_index}: output {OH}×{OW}\n(red > 0, blue < 0; white = 0)").format(
            filter_index=filter_index, OH=OH, OW=OW
        ),
        ha="center",
        va="bottom",
        fontsize=9,
    )
    # the colour scale of the enlarged map, drawn as a strip with its numbers
    ax.imshow(
        np.linspace(-1, 1, 64)[None],
        cmap="RdBu_r",
        vmin=-1,
        vmax=1,
        aspect="auto",
        extent=(xb, xb + bw, Hp + 3.5, Hp + 1.5),
    )
    for x, v, ha in ((xb, -lim, "left"), (xb + bw / 2, 0.0, "center"), (xb + bw, lim, "right")):
        ax.text(x, Hp + 4, f"{v:.2g}", ha=ha, va="top", fontsize=8)
    ax.set_xlim(-0.5, total)
    ax.set_ylim(Hp + 7.5, -8)
    return fig


def draw_layer_by_layer(model, image, maps: int = 8):
    """One digit through the layers: a row per feature-map layer, its first ``maps`` maps side by side.

    Each map on its own symmetric ``RdBu_r`` scale (red > 0, blue < 0, white = 0): drawn as value / max|value| of
    that map, so one colour bar (-1 to 1) reads every map; the row label gives the layer and its output shape
    (C×H×W), so the shrinking maps and the growing channel count show.
    """
    layers = map_layers(model)
    outs = [feature_maps(model, image, i) for i in layers]
    ncols = 1 + min(maps, max(out.shape[0] for out in outs))
    fig, axes = new_figure(ncols, len(layers), width=1.25, height=1.3)
    im = None
    for r, (i, out) in enumerate(zip(layers, outs)):
        axes[r, 0].imshow(np.asarray(image).reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        axes[r, 0].set_ylabel(
            f"{i}: {model.layers[i]!r}\n{out.shape[0]}×{out.shape[1]}×{out.shape[2]}",
            fontsize=7,
            rotation=0,
            ha="right",
            va="center",
        )
        for c in range(1, ncols):
            ax = axes[r, c]
            if c - 1 < out.shape[0]:
                lim = float(np.abs(out[c - 1]).max()) or 1.0
                im = ax.imshow(out[c - 1] / lim, cmap="RdBu_r", vmin=-1, vmax=1, interpolation="nearest")
                if r == 0 or outs[r - 1].shape[0] != out.shape[0]:
                    ax.set_title(_("map {c_1}").format(c_1=c - 1), fontsize=7)
            else:
                ax.axis("off")
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(
        _("one digit through the layers: the first maps of every layer (each on its own scale; red > 0, blue < 0)"),
        fontsize=9,
    )
    fig.tight_layout()
    if im is not None:
        bar = fig.colorbar(im, ax=axes.ravel().tolist(), shrink=0.4, pad=0.01)
        bar.set_label(_("value ÷ largest |value| of its map"), fontsize=8)
    return fig


def feature_map_explorer(model, images, labels=None):
    """Sliders: which digit, which layer (conv / ReLU / max pool ...), which map of that layer."""
    from ..widgets import explorer, int_slider

    lo, hi, default = FEATURE_MAP_RANGES["digit"]
    channels = {i: model.summary((1, 28, 28)).output_shapes[i][0] for i in map_layers(model)}
    controls = {
        "digit": int_slider("digit", default, 0, min(hi, len(images) - 1)),
        "layer": int_slider("layer", 0, min(channels), max(channels)),
        "filter_index": int_slider("map", 0, 0, channels[0] - 1),
    }

    def constrain(c):  # the map slider offers only the maps the chosen layer has
        c["filter_index"].max = channels[c["layer"].value] - 1

    def draw(digit, layer, filter_index):
        return draw_feature_maps(model, images, digit, layer, filter_index, labels=labels)

    return explorer(
        draw,
        controls,
        constrain=constrain,
        text=lambda digit, layer, filter_index: f"<b>{feature_map_caption(model, layer)}</b>",
    )

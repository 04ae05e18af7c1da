"""Notebooks 08-09: pictures of digits, filters, feature maps, activation maximisation and max pooling.

Pure functions compute arrays or draw figures (tested over their ranges in
tests/); ``feature_map_explorer`` is the thin widget wrapper (pick a digit, a
layer and a filter).
"""
from __future__ import annotations

import numpy as np

from ..plotting import new_figure

__all__ = [
    "draw_digits", "draw_filters", "draw_layer_by_layer", "draw_shifts", "feature_maps", "map_layers", "draw_feature_maps",
    "feature_map_explorer", "feature_map_caption", "FEATURE_MAP_RANGES", "activation_maximisation",
    "draw_pool_routing", "pool_routing", "top_activating", "backward_from",
]

# slider name -> (min, max, default) for the SimpleConvNet: 20 example digits (two of each class),
# the three layers with feature maps (0 conv, 1 ReLU, 2 max pool) and 30 filters
FEATURE_MAP_RANGES = {"digit": (0, 19, 0), "layer": (0, 2, 0), "filter_index": (0, 29, 0)}


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


def draw_filters(W, *, title: str = "filters", ncols: int = 10, size: float = 1.0):
    """Every filter of a first conv layer, W (F, 1, KH, KW), on one symmetric colour scale.

    Red positive, blue negative; the colour bar gives the numbers (colour is not the only cue:
    the scale is printed).
    """
    W = np.asarray(W)
    F = W.shape[0]
    ncols = min(ncols, F)
    nrows = -(-F // ncols)
    fig, axes = new_figure(ncols, nrows, width=size, height=size * 1.15)
    lim = float(np.abs(W).max()) or 1.0
    im = None
    for k, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if k < F:
            im = ax.imshow(W[k, 0], cmap="RdBu_r", vmin=-lim, vmax=lim)
            ax.set_title(f"filter {k}", fontsize=7)
    fig.suptitle(f"{title}  (colour scale ±{lim:.2f}; red > 0, blue < 0)", fontsize=10)
    fig.tight_layout()
    if im is not None:
        fig.colorbar(im, ax=axes.ravel().tolist(), shrink=0.6, pad=0.01)
    return fig


def draw_shifts(image, shifts=((0, 0), (-2, 0), (2, 0), (0, -2), (0, 2), (2, 2))):
    """One digit moved by a few pixels (the augmentation used in training)."""
    image = np.asarray(image)
    img = image[0] if image.ndim == 3 else image
    H, W = img.shape
    out = []
    for dy, dx in shifts:
        moved = np.zeros_like(img)
        src = img[max(0, -dy): H - max(0, dy), max(0, -dx): W - max(0, dx)]
        moved[max(0, dy): max(0, dy) + src.shape[0], max(0, dx): max(0, dx) + src.shape[1]] = src
        out.append(moved)
    titles = ["original" if s == (0, 0) else f"down {s[0]}, right {s[1]}" for s in shifts]
    return draw_digits(np.array(out), titles, ncols=len(shifts), size=1.5,
                       suptitle="small random shifts: the same digit, moved")


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
    return f"layer {layer} · {model.layers[layer]!r}: output {shape[1]}×{shape[2]}, {shape[0]} maps"


def draw_feature_maps(model, images, digit: int = 0, layer: int = 0, filter_index: int = 0, *, labels=None):
    """The chosen digit, every feature map of one layer (the chosen filter outlined), and that map enlarged.

    model : a trained SimpleConvNet-like Sequential;  images (M, 1, 28, 28);  digit in 0..M-1
    layer : index of a layer with feature maps (see :func:`map_layers`);  filter_index in 0..C-1
    """
    from matplotlib.patches import Rectangle

    layers = map_layers(model)
    if layer not in layers:
        raise ValueError(f"draw_feature_maps: layer must be one of {layers} (the layers before Flatten), "
                         f"got {layer}")
    if not 0 <= digit < len(images):
        raise ValueError(f"draw_feature_maps: digit must be in 0..{len(images) - 1}, got {digit}")
    maps = feature_maps(model, images[digit], layer)
    C, OH, OW = maps.shape
    if not 0 <= filter_index < C:
        raise ValueError(f"draw_feature_maps: layer {layer} has {C} maps, so filter_index must be in 0..{C - 1}, "
                         f"got {filter_index}")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(12.5, 4.2))
    grid = fig.add_gridspec(5, 14)
    ax_in = fig.add_subplot(grid[1:4, 0:3])
    ax_in.imshow(np.asarray(images[digit]).reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
    label = "" if labels is None else f" (a {labels[digit]})"
    ax_in.set_title(f"input digit {digit}{label}\n1×28×28", fontsize=9)
    ax_in.axis("off")
    # All C maps as tiles of ONE image (one axes instead of C): keeps a slider move near 100 ms.
    ncols, nrows = 6, -(-C // 6)
    gap = max(1, OH // 8)
    mosaic = np.full((nrows * (OH + gap) - gap, ncols * (OW + gap) - gap), np.nan)
    for k in range(C):
        r0, c0 = (k // ncols) * (OH + gap), (k % ncols) * (OW + gap)
        lim_k = float(np.abs(maps[k]).max()) or 1.0          # each small map on its own scale
        mosaic[r0: r0 + OH, c0: c0 + OW] = maps[k] / lim_k
    ax_maps = fig.add_subplot(grid[:, 3:9])
    cmap = plt.get_cmap("RdBu_r").copy()
    cmap.set_bad("0.8")   # the gaps between tiles, not to be read as 0 (white)
    ax_maps.imshow(mosaic, cmap=cmap, vmin=-1, vmax=1, interpolation="nearest")
    r0, c0 = (filter_index // ncols) * (OH + gap), (filter_index % ncols) * (OW + gap)
    ax_maps.add_patch(Rectangle((c0 - 0.5 - gap / 2, r0 - 0.5 - gap / 2), OW + gap, OH + gap, fill=False,
                                edgecolor="k", lw=3))
    ax_maps.axis("off")
    fig.text(0.43, 0.95, f"all {C} maps of layer {layer} ({model.layers[layer]!r}), "
             f"map {filter_index} outlined (each on its own scale)", ha="center", fontsize=9)
    ax_big = fig.add_subplot(grid[0:5, 9:14])
    lim = float(np.abs(maps[filter_index]).max()) or 1.0
    im = ax_big.imshow(maps[filter_index], cmap="RdBu_r", vmin=-lim, vmax=lim)
    ax_big.set_title(f"map {filter_index}: output {OH}×{OW}\n(red > 0, blue < 0; white = 0)", fontsize=9)
    ax_big.set_xticks([])
    ax_big.set_yticks([])
    fig.colorbar(im, ax=ax_big, shrink=0.8)
    return fig


def draw_layer_by_layer(model, image, filters=(0, 1, 2, 3, 4, 5)):
    """One digit through the layers: a row per filter, a column per feature-map layer (with its shape)."""
    layers = map_layers(model)
    outs = [feature_maps(model, image, i) for i in layers]
    fig, axes = new_figure(len(layers) + 1, len(filters), width=1.9, height=1.9)
    for r, f in enumerate(filters):
        axes[r, 0].imshow(np.asarray(image).reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        axes[r, 0].set_ylabel(f"filter {f}", fontsize=9)
        for c, (i, out) in enumerate(zip(layers, outs), start=1):
            lim = float(np.abs(out[f]).max()) or 1.0
            axes[r, c].imshow(out[f], cmap="RdBu_r", vmin=-lim, vmax=lim)
            if r == 0:
                axes[r, c].set_title(f"{model.layers[i]!r}\n{out.shape[1]}×{out.shape[2]}", fontsize=8)
    axes[0, 0].set_title("input 28×28", fontsize=8)
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return fig


def feature_map_explorer(model, images, labels=None):
    """Sliders: which digit, which layer (conv / ReLU / max pool), which filter."""
    from ..widgets import explorer, int_slider

    lo, hi, default = FEATURE_MAP_RANGES["digit"]
    controls = {
        "digit": int_slider("digit", default, 0, min(hi, len(images) - 1)),
        "layer": int_slider("layer", 0, min(map_layers(model)), max(map_layers(model))),
        "filter_index": int_slider("filter", 0, 0, model.layers[0].out_channels - 1),
    }

    def draw(digit, layer, filter_index):
        return draw_feature_maps(model, images, digit, layer, filter_index, labels=labels)

    return explorer(draw, controls, text=lambda digit, layer, filter_index:
                    f"<b>{feature_map_caption(model, layer)}</b>")


# ------------------------------------------------------------------------------ gradients to the input

def backward_from(model, layer: int, dout):
    """Backpropagate ``dout`` (the gradient of layer ``layer``'s output) down to the input image."""
    for lyr in reversed(model.layers[:layer + 1]):
        dout = lyr.backward(dout)
        if dout is None:
            raise ValueError("backward_from: the first layer skips its input gradient (input_grad=False); set "
                             "model.layers[0].input_grad = True to send gradients to the image")
    return dout


def activation_maximisation(model, layer: int, unit: int, *, at=None, steps: int = 150, lr: float = 0.05,
                            decay: float = 0.002, seed: int = 0, size: int = 28):
    """An input that makes one unit large: gradient ascent on the image (活性化最大化).

    layer, unit : a feature-map layer and one of its maps (the objective is the map's mean, or the
        single cell ``at=(i, j)``), or a Linear layer and one of its outputs (e.g. the last layer and a class).
    Each step: x <- clip(x + lr * g / max|g| - decay * x, 0, 1), g = d(objective)/dx, starting from
    faint noise; returns (image (size, size), objective value per step).
    """
    rng = np.random.default_rng(seed)
    dtype = model.layers[0].params["W"].dtype if model.layers[0].params else np.float64
    x = (0.1 + 0.02 * rng.standard_normal((1, 1, size, size))).astype(dtype)
    first = model.layers[0]
    had = getattr(first, "input_grad", True)
    was = model.training
    model.eval()
    values = []
    try:
        if hasattr(first, "input_grad"):
            first.input_grad = True
        for _ in range(steps):
            out = model.forward(x, upto=layer)
            dout = np.zeros_like(out)
            if out.ndim == 4 and at is not None:
                dout[0, unit, at[0], at[1]] = 1.0
                values.append(float(out[0, unit, at[0], at[1]]))
            elif out.ndim == 4:
                dout[0, unit] = 1.0 / (out.shape[2] * out.shape[3])
                values.append(float(out[0, unit].mean()))
            else:
                dout[0, unit] = 1.0
                values.append(float(out[0, unit]))
            g = backward_from(model, layer, dout)
            x = np.clip(x + lr * g / (np.abs(g).max() + 1e-12) - decay * x, 0.0, 1.0).astype(dtype)
    finally:
        if hasattr(first, "input_grad"):
            first.input_grad = had
        if was:
            model.train()
    return x[0, 0], np.array(values)


def top_activating(model, images, layer: int, unit: int, k: int = 6) -> np.ndarray:
    """Indices of the ``k`` images whose map ``unit`` at ``layer`` has the largest maximum."""
    was = model.training
    model.eval()
    try:
        scores = np.concatenate([model.forward(images[i:i + 500], upto=layer)[:, unit].reshape(
            len(images[i:i + 500]), -1).max(axis=1) for i in range(0, len(images), 500)])
    finally:
        if was:
            model.train()
    return np.argsort(-scores, kind="stable")[:k]


# ------------------------------------------------------------------------------ what max pooling keeps

def pool_routing(model, image, filter_index: int = 0, pool_layer: int = 2):
    """(input map, pooled map, gradient-receiving mask) for one filter at a max-pool layer.

    The mask is the backward pass of the pool layer given a gradient of ones: the cells that were
    the maximum of their window (one per window) get 1, all others 0.
    """
    pool = model.layers[pool_layer]
    before = feature_maps(model, image, pool_layer - 1)          # (C, H, W): the pool's input
    pooled = pool.forward(before[None])                           # (1, C, OH, OW)
    routed = pool.backward(np.ones_like(pooled))[0]               # (C, H, W)
    return before[filter_index], pooled[0, filter_index], routed[filter_index]


def draw_pool_routing(model, images, digit: int = 0, filter_index: int = 0, pool_layer: int = 2):
    """Three panels: the map before pooling, the pooled map, and where the gradient goes back to."""
    before, pooled, routed = pool_routing(model, images[digit], filter_index, pool_layer)
    fig, axes = new_figure(3, width=3.6, height=3.9)
    lim = float(np.abs(before).max()) or 1.0
    H, W = before.shape
    axes[0, 0].imshow(before, cmap="Greys", vmin=0, vmax=lim)
    axes[0, 0].set_title(f"input of max pooling: ReLU map {filter_index}\n{H}×{W}, 2×2 windows outlined",
                         fontsize=9)
    axes[0, 1].imshow(pooled, cmap="Greys", vmin=0, vmax=lim)
    axes[0, 1].set_title(f"output: the max of each window\noutput {pooled.shape[0]}×{pooled.shape[1]}",
                         fontsize=9)
    axes[0, 2].imshow(before, cmap="Greys", vmin=0, vmax=lim, alpha=0.35)
    ys, xs = np.nonzero(routed)
    zero = before[ys, xs] == 0
    axes[0, 2].scatter(xs[~zero], ys[~zero], marker="s", s=16, facecolors="none", edgecolors="tab:red",
                       linewidths=1.2, label="the window's maximum")
    axes[0, 2].scatter(xs[zero], ys[zero], marker=".", s=6, color="0.4", label="all-zero window (first cell)")
    axes[0, 2].set_title(f"backward: the {int(routed.sum())} of {routed.size} cells\nthat receive a gradient "
                         f"(one per window)", fontsize=9)
    axes[0, 2].legend(fontsize=7, loc="lower center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    for ax in (axes[0, 0], axes[0, 2]):
        ax.set_xticks(np.arange(-0.5, W, 2))
        ax.set_yticks(np.arange(-0.5, H, 2))
        ax.grid(True, color="0.75", lw=0.4)
    for ax in axes.ravel():
        ax.set_xticklabels([])
        ax.set_yticklabels([])
        ax.tick_params(length=0)
    axes[0, 1].set_xticks([])
    axes[0, 1].set_yticks([])
    fig.tight_layout()
    return fig

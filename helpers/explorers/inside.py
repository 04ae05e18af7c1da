"""Notebooks 08-09: pictures of digits, filters, feature maps, activation maximisation and max pooling.

Pure functions compute arrays or draw figures (tested over their ranges in
tests/); ``feature_map_explorer`` is the thin widget wrapper (pick a digit, a
layer and a filter).
"""

from __future__ import annotations

import numpy as np

from ..plotting import new_figure

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

# slider name -> (min, max, default) for notebook 09's LeNet-like network (helpers.zoo.lenet_digits): 20
# example digits (two of each class), the six layers with feature maps (0 conv, 1 ReLU, 2 max pool, 3 conv,
# 4 ReLU, 5 max pool) and up to 16 maps (6 in layers 0-2, 16 in layers 3-5)
FEATURE_MAP_RANGES = {"digit": (0, 19, 0), "layer": (0, 5, 0), "filter_index": (0, 15, 0)}


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
            ax.set_title(f"filter {k}", fontsize=7)
    fig.suptitle(f"{title}  (colour scale ±{lim:.2f}; red > 0, blue < 0)", fontsize=10)
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
    titles = ["original" if s == (0, 0) else f"down {s[0]}, right {s[1]}" for s in shifts]
    return draw_digits(
        np.array(out), titles, ncols=len(shifts), size=1.5, suptitle="small random shifts: the same digit, moved"
    )


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
    """The chosen digit, every feature map of one layer (the chosen map outlined), and that map enlarged.

    model : a trained Sequential with feature-map layers (see :func:`map_layers`);  images (M, 1, 28, 28);
    digit in 0..M-1;  layer : index of a layer with feature maps;  filter_index in 0..C-1 (C maps there)

    Everything is drawn in ONE axes without ticks (images at different extents, a drawn colour scale),
    which keeps a slider move well under 100 ms.
    """
    from matplotlib.patches import Rectangle

    layers = map_layers(model)
    if layer not in layers:
        raise ValueError(f"draw_feature_maps: layer must be one of {layers} (the layers before Flatten), got {layer}")
    if not 0 <= digit < len(images):
        raise ValueError(f"draw_feature_maps: digit must be in 0..{len(images) - 1}, got {digit}")
    maps = feature_maps(model, images[digit], layer)
    C, OH, OW = maps.shape
    if not 0 <= filter_index < C:
        raise ValueError(
            f"draw_feature_maps: layer {layer} has {C} maps, so filter_index must be in 0..{C - 1}, got {filter_index}"
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
    label = "" if labels is None else f" (a {labels[digit]})"
    ax.text(14, 5, f"input digit {digit}{label}\n1×28×28", ha="center", va="bottom", fontsize=9)
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
        f"all {C} maps of layer {layer} ({model.layers[layer]!r}),\nmap {filter_index} "
        f"outlined (each on its own scale)",
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
        f"map {filter_index}: output {OH}×{OW}\n(red > 0, blue < 0; white = 0)",
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

    Each map on its own symmetric ``RdBu_r`` scale (red > 0, blue < 0, white = 0); the row label gives
    the layer and its output shape (C×H×W), so the shrinking maps and the growing channel count show.
    """
    layers = map_layers(model)
    outs = [feature_maps(model, image, i) for i in layers]
    ncols = 1 + min(maps, max(out.shape[0] for out in outs))
    fig, axes = new_figure(ncols, len(layers), width=1.25, height=1.3)
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
                ax.imshow(out[c - 1], cmap="RdBu_r", vmin=-lim, vmax=lim, interpolation="nearest")
                if r == 0 or outs[r - 1].shape[0] != out.shape[0]:
                    ax.set_title(f"map {c - 1}", fontsize=7)
            else:
                ax.axis("off")
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(
        "one digit through the layers: the first maps of every layer (each on its own scale; red > 0, blue < 0)",
        fontsize=9,
    )
    fig.tight_layout()
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


# ------------------------------------------------------------------------------ gradients to the input


def backward_from(model, layer: int, dout):
    """Backpropagate ``dout`` (the gradient of layer ``layer``'s output) down to the input image."""
    for lyr in reversed(model.layers[: layer + 1]):
        dout = lyr.backward(dout)
        if dout is None:
            raise ValueError(
                "backward_from: the first layer skips its input gradient (input_grad=False); set "
                "model.layers[0].input_grad = True to send gradients to the image"
            )
    return dout


def _blur(x, sigma: float):
    """Gaussian blur of an (N, C, H, W) image with a (2r+1)-tap kernel, r = ceil(2 sigma), edges repeated."""
    r = max(1, int(np.ceil(2 * sigma)))
    t = np.arange(-r, r + 1)
    g = np.exp(-(t**2) / (2 * sigma**2))
    g /= g.sum()
    H, W = x.shape[-2:]
    p = np.pad(x, ((0, 0), (0, 0), (r, r), (0, 0)), mode="edge")
    x = sum(g[i] * p[:, :, i : i + H] for i in range(2 * r + 1))
    p = np.pad(x, ((0, 0), (0, 0), (0, 0), (r, r)), mode="edge")
    return sum(g[i] * p[:, :, :, i : i + W] for i in range(2 * r + 1))


def activation_maximisation(
    model,
    layer: int,
    unit: int,
    *,
    at=None,
    steps: int = 150,
    lr: float = 0.05,
    decay: float = 0.002,
    jitter: int = 0,
    blur: float = 0.0,
    blur_every: int = 4,
    seed: int = 0,
    size: int = 28,
):
    """An input that makes one unit large: gradient ascent on the image (活性化最大化).

    layer, unit : a feature-map layer and one of its maps (the objective is the map's mean, or the
        single cell ``at=(i, j)``), or a Linear layer and one of its outputs (e.g. the last layer and a class).
    Each step: x <- clip(x + lr * g / max|g| - decay * x, 0, 1), g = d(objective)/dx, starting from
    faint noise; returns (image (size, size), objective value per step).

    Regularisers (Olah et al., "Feature Visualization", distill 2017), all off by default:
    decay : the L2 decay above (pulls every pixel towards 0, i.e. no ink);
    jitter : the gradient is taken on the image rolled by a random (dy, dx) in [-jitter, jitter], so a
        pattern only grows if it works wherever it sits;
    blur : every ``blur_every`` steps the image is blurred with a Gaussian of this sigma (pixels),
        which removes the high-frequency noise the network also responds to.
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
        for step in range(steps):
            dy, dx = rng.integers(-jitter, jitter + 1, size=2) if jitter else (0, 0)
            xj = np.roll(x, (dy, dx), axis=(2, 3)) if jitter else x
            out = model.forward(xj, upto=layer)
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
            if jitter:
                g = np.roll(g, (-dy, -dx), axis=(2, 3))
            x = x + lr * g / (np.abs(g).max() + 1e-12) - decay * x
            if blur and (step + 1) % blur_every == 0:
                x = _blur(x, blur)
            x = np.clip(x, 0.0, 1.0).astype(dtype)
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
        scores = np.concatenate(
            [
                model.forward(images[i : i + 500], upto=layer)[:, unit]
                .reshape(len(images[i : i + 500]), -1)
                .max(axis=1)
                for i in range(0, len(images), 500)
            ]
        )
    finally:
        if was:
            model.train()
    return np.argsort(-scores, kind="stable")[:k]


def receptive_field(model, layer: int) -> tuple[int, int, int]:
    """(size, jump, offset): cell i of layer ``layer``'s maps sees input rows offset + i*jump ... + size - 1.

    Walks down from the layer: a layer with kernel k, stride s, padding p maps (size, jump, offset) to
    ((size - 1)*s + k, jump*s, offset*s - p) (ReLU and other element-wise layers change nothing).
    The same holds for columns. Offsets below 0 or rows past the input are padding.
    """
    size, jump, offset = 1, 1, 0
    for lyr in reversed(model.layers[: layer + 1]):
        if hasattr(lyr, "kernel_size"):
            k, s, p = lyr.kernel_size[0], lyr.stride[0], lyr.padding[0]
            size, offset = (size - 1) * s + k, offset * s - p
            jump *= s
    return size, jump, offset


def top_patches(model, images, layer: int, unit: int, k: int = 6):
    """The receptive-field patches that excite map ``unit`` of layer ``layer`` most.

    For each image the cell where the map is largest; the ``k`` images with the largest such value.
    Returns (patches (k, size, size), image indices (k,), cells (k, 2), values (k,)); parts of a patch
    outside the image (padding) are 0.
    """
    images = np.asarray(images)
    was = model.training
    model.eval()
    try:
        maps = np.concatenate(
            [model.forward(images[i : i + 500], upto=layer)[:, unit] for i in range(0, len(images), 500)]
        )
    finally:
        if was:
            model.train()
    flat = maps.reshape(len(maps), -1)
    best = flat.argmax(axis=1)
    values = flat[np.arange(len(flat)), best]
    order = np.argsort(-values, kind="stable")[:k]
    size, jump, offset = receptive_field(model, layer)
    H, W = images.shape[-2:]
    padded = np.pad(images.reshape(len(images), H, W), ((0, 0), (size, size), (size, size)))
    patches, cells = [], []
    for n in order:
        i, j = divmod(int(best[n]), maps.shape[2])
        r0, c0 = offset + i * jump + size, offset + j * jump + size
        patches.append(padded[n, r0 : r0 + size, c0 : c0 + size])
        cells.append((i, j))
    return np.array(patches), order, np.array(cells), values[order]


def draw_top_patches(model, images, layer: int, units, k: int = 6, size: float = 0.9):
    """For each unit a row of its ``k`` most exciting receptive-field patches (ink dark, gray_r)."""
    units = list(units)
    rf = receptive_field(model, layer)[0]
    fig, axes = new_figure(k, len(units), width=size, height=size)
    for r, u in enumerate(units):
        patches, _, _, values = top_patches(model, images, layer, u, k)
        for c in range(k):
            ax = axes[r, c]
            ax.imshow(patches[c], cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
        axes[r, 0].set_ylabel(f"map {u}", fontsize=8)
    fig.suptitle(
        f"layer {layer} ({model.layers[layer]!r}): the {rf}×{rf} input patches that excite each map most", fontsize=9
    )
    fig.tight_layout()
    return fig


# ------------------------------------------------------------------------------ what max pooling keeps


def pool_routing(model, image, filter_index: int = 0, pool_layer: int = 2):
    """(input map, pooled map, gradient-receiving mask) for one filter at a max-pool layer.

    The mask is the backward pass of the pool layer given a gradient of ones: the cells that were
    the maximum of their window (one per window) get 1, all others 0.
    """
    pool = model.layers[pool_layer]
    before = feature_maps(model, image, pool_layer - 1)  # (C, H, W): the pool's input
    pooled = pool.forward(before[None])  # (1, C, OH, OW)
    routed = pool.backward(np.ones_like(pooled))[0]  # (C, H, W)
    return before[filter_index], pooled[0, filter_index], routed[filter_index]


def gradient_share(model, image, pool_layer: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Per map of the pool's input: (share of cells that are routed a gradient, share that get a NON-ZERO one).

    Max pooling routes each window's gradient to one cell: 1/(K·K) of the cells for non-overlapping
    windows. The ReLU before it then passes a gradient only where its output was > 0, so a window that is
    all zeros (ReLU switched every cell off) passes 0 down: the non-zero share is smaller.
    Both are (C,) arrays.
    """
    pool = model.layers[pool_layer]
    before = feature_maps(model, image, pool_layer - 1)
    routed = pool.backward(np.ones_like(pool.forward(before[None])))[0] > 0
    nonzero = routed & (before > 0)
    return routed.mean(axis=(1, 2)), nonzero.mean(axis=(1, 2))


def draw_pool_routing(model, images, digit: int = 0, filter_index: int = 0, pool_layer: int = 2):
    """Three panels: the map before pooling, the pooled map, and where a non-zero gradient goes back to."""
    before, pooled, routed = pool_routing(model, images[digit], filter_index, pool_layer)
    fig, axes = new_figure(3, width=3.6, height=3.9)
    lim = float(np.abs(before).max()) or 1.0
    H, W = before.shape
    k = model.layers[pool_layer].kernel_size[0]
    # the colours of the feature maps in section 2 (RdBu_r, 0 = white): ReLU maps are white to red
    shown = dict(cmap="RdBu_r", vmin=-lim, vmax=lim)
    axes[0, 0].imshow(before, **shown)
    axes[0, 0].set_title(
        f"input of max pooling: ReLU map {filter_index} (red > 0)\n{H}×{W}, {k}×{k} windows outlined", fontsize=9
    )
    axes[0, 1].imshow(pooled, **shown)
    axes[0, 1].set_title(f"output: the max of each window\noutput {pooled.shape[0]}×{pooled.shape[1]}", fontsize=9)
    axes[0, 2].imshow(before, **shown, alpha=0.35)
    ys, xs = np.nonzero(routed)
    zero = before[ys, xs] == 0
    axes[0, 2].scatter(
        xs[~zero],
        ys[~zero],
        marker="s",
        s=16,
        facecolors="none",
        edgecolors="black",
        linewidths=1.2,
        label="non-zero gradient",
    )
    axes[0, 2].scatter(xs[zero], ys[zero], marker=".", s=6, color="0.4", label="all-zero window: ReLU passes 0")
    axes[0, 2].set_title(
        f"backward: {int((~zero).sum())} of {routed.size} cells get a non-zero\ngradient "
        f"({int(zero.sum())} of the {len(xs)} windows are all zero)",
        fontsize=9,
    )
    axes[0, 2].legend(fontsize=7, loc="lower center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    for ax in (axes[0, 0], axes[0, 2]):
        ax.set_xticks(np.arange(-0.5, W, k))
        ax.set_yticks(np.arange(-0.5, H, k))
        ax.grid(True, color="0.75", lw=0.4)
    for ax in axes.ravel():
        ax.set_xticklabels([])
        ax.set_yticklabels([])
        ax.tick_params(length=0)
    axes[0, 1].set_xticks([])
    axes[0, 1].set_yticks([])
    fig.tight_layout()
    return fig

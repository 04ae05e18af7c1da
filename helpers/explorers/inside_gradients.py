"""Notebook 09, what units respond to: gradients to the input (activation maximisation), the input
patches that excite a unit most, and what max pooling routes back.

Re-exported by :mod:`helpers.explorers.inside`, which the notebooks import.
"""

from __future__ import annotations

import numpy as np

from ..i18n import _
from ..plotting import new_figure
from .feature_maps import feature_maps

__all__ = [
    "backward_from",
    "activation_maximisation",
    "top_activating",
    "receptive_field",
    "top_patches",
    "draw_top_patches",
    "pool_routing",
    "gradient_share",
    "draw_pool_routing",
]


# ------------------------------------------------------------------------------ gradients to the input


def backward_from(model, layer: int, dout):
    """Backpropagate ``dout`` (the gradient of layer ``layer``'s output) down to the input image."""
    for lyr in reversed(model.layers[: layer + 1]):
        dout = lyr.backward(dout)
        if dout is None:
            raise ValueError(
                _(
                    "backward_from: the first layer skips its input gradient (input_grad=False); set "
                    "model.layers[0].input_grad = True to send gradients to the image"
                )
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
        patches, _order, _cells, values = top_patches(model, images, layer, u, k)
        for c in range(k):
            ax = axes[r, c]
            ax.imshow(patches[c], cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
        axes[r, 0].set_ylabel(_("map {u}").format(u=u), fontsize=8)
    fig.suptitle(
        _("layer {layer} ({model_layers_layer!r}): the {rf}×{rf} input patches that excite each map most").format(
            layer=layer, model_layers_layer=model.layers[layer], rf=rf
        ),
        fontsize=9,
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
    im = axes[0, 0].imshow(before, **shown)
    axes[0, 0].set_title(
        _("input of max pooling: ReLU map {filter_index} (red > 0)\n{H}×{W}, {k}×{k} windows outlined").format(
            filter_index=filter_index, H=H, W=W, k=k
        ),
        fontsize=9,
    )
    axes[0, 1].imshow(pooled, **shown)
    axes[0, 1].set_title(
        _("output: the max of each window\noutput {pooled_shape_0}×{pooled_shape_1}").format(
            pooled_shape_0=pooled.shape[0], pooled_shape_1=pooled.shape[1]
        ),
        fontsize=9,
    )
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
        label=_("non-zero gradient"),
    )
    axes[0, 2].scatter(xs[zero], ys[zero], marker=".", s=6, color="0.4", label=_("all-zero window: ReLU passes 0"))
    axes[0, 2].set_title(
        _(
            "backward: {int_zero_sum} of {routed_size} cells get a non-zero\ngradient ({int_zero_sum2} of the {len_xs} windows are all zero)"
        ).format(
            int_zero_sum=int((~zero).sum()), routed_size=routed.size, int_zero_sum2=int(zero.sum()), len_xs=len(xs)
        ),
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
    fig.suptitle(
        _(
            "max pooling of ReLU map {filter_index} of digit {digit}: the forward pass (left, middle) and where the "
            "backward pass sends the gradient (right)"
        ).format(filter_index=filter_index, digit=digit),
        fontsize=10,
    )
    fig.tight_layout()
    bar = fig.colorbar(im, ax=axes.ravel().tolist(), shrink=0.7, pad=0.01)
    bar.set_label(_("value of the map (same scale in all three panels)"), fontsize=8)
    return fig

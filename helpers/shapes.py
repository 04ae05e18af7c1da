"""The arithmetic of shapes: output sizes, padding, parameter counts.

Notation (the same in every notebook):

    I   input size along one axis (H or W)
    K   kernel size, S stride, P padding *per side*, D dilation
    K_eff = D*(K - 1) + 1   the span the dilated kernel covers

    O = floor((I + 2P - D(K-1) - 1) / S) + 1

Every function in helpers that slides a window works its sizes out here
(``window_count``, ``geometry``, ``pool_geometry``), so the formula and its
error messages exist once. The conventions that fix the output instead ("same"
padding, TensorFlow's "same" with a stride, the transposed convolution's size)
are in ``helpers.shapes_conventions`` and re-exported here.

Derivation: the window's first cell can start at 0, S, 2S, ... and must leave
room for the K_eff cells of the window, so the last start is at most
I + 2P - K_eff. That gives floor((I + 2P - K_eff) / S) + 1 starts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import overload

from ._validation import Padding, Size, check_int, check_pair, check_size, is_pair
from .i18n import _
from .shapes_conventions import conv_transpose_output_size, same_padding, tf_same_padding

__all__ = [
    "conv_output_size",
    "conv_transpose_output_size",
    "pool_output_size",
    "same_padding",
    "tf_same_padding",
    "conv_param_count",
    "effective_kernel_size",
    "receptive_field",
    "ConvGeometry",
    "geometry",
    "normalize_padding",
    "resolve_padding",
    "pool_geometry",
]


def effective_kernel_size(kernel_size: int, dilation: int = 1) -> int:
    """K_eff = D*(K-1) + 1: how many input cells a dilated kernel spans."""
    k = check_int(kernel_size, "kernel_size", "effective_kernel_size", minimum=1)
    d = check_int(dilation, "dilation", "effective_kernel_size", minimum=1)
    return d * (k - 1) + 1


def window_count(
    func: str, axis: str, size: int, kernel: int, stride: int, before: int, after: int, dilation: int
) -> int:
    """How many window positions fit along one axis: floor((size + before + after - K_eff) / stride) + 1.

    Raises when the dilated kernel does not fit in the padded input. Shared by every function that
    slides a window (sizes here, geometry in conv.py), so they all explain it the same way.
    """
    k_eff = dilation * (kernel - 1) + 1
    span = size + before + after
    if k_eff > span:
        where = f" along {axis}" if axis else ""
        dil = f" (kernel_size={kernel} with dilation {dilation})" if dilation > 1 else f" (kernel_size={kernel})"
        padded = f"{size} + 2*{before}" if before == after else f"{size} + {before} + {after}"
        raise ValueError(
            f"{func}: the kernel is larger than the padded input{where}: it spans {k_eff} cells{dil} "
            f"but the padded input has {padded} = {span}; use a smaller kernel_size or dilation, "
            f"or padding >= {math.ceil((k_eff - size) / 2)} per side"
        )
    return (span - k_eff) // stride + 1


def check_pool_padding(padding: int, kernel: int, func: str, axis: str = "") -> None:
    """Pooling's rule (PyTorch's): padding at most half the kernel, else a window could hold only padding."""
    if 2 * padding > kernel:
        where = f" along {axis}" if axis else ""
        raise ValueError(
            f"{func}: padding={padding} is more than half of kernel_size={kernel}{where}; a window could then "
            f"hold only padding. Use padding <= {kernel // 2}"
        )


def _axis_output(func, axis, i, k, s, p, d, strict):
    k_eff = d * (k - 1) + 1
    span = i + 2 * p
    where = _(" along {axis}").format(axis=axis) if axis else ""
    count = window_count(func, axis, i, k, s, p, p, d)
    remainder = (span - k_eff) % s
    if strict and remainder:
        first_unvisited = span - remainder
        rows = _("row(s)") if axis in ("", "H") else _("column(s)")
        fix_p = [q for q in range(p + 1, p + s + 1) if (i + 2 * q - k_eff) % s == 0]
        fix_s = [t for t in range(1, s) if (span - k_eff) % t == 0]
        suggestions = []
        if fix_p:
            suggestions.append(f"padding={fix_p[0]}")
        if fix_s:
            suggestions.append(f"stride={fix_s[-1]}")
        suggestion = _(" or ").join(suggestions) if suggestions else _("a different kernel_size")
        raise ValueError(
            _(
                "{func}: stride={s} does not divide (size + 2*padding - D*(K-1) - 1) = "
                "({i} + 2*{p} - {d}*({k}-1) - 1) = {n}{where} (remainder {remainder}); "
                "with strict=True the division must be exact. The last {remainder} {rows} of the padded input "
                "(indices {first}..{last}) are never visited; try {suggestion}"
            ).format(
                func=func,
                s=s,
                i=i,
                p=p,
                d=d,
                k=k,
                n=span - k_eff,
                where=where,
                remainder=remainder,
                rows=rows,
                first=first_unvisited,
                last=span - 1,
                suggestion=suggestion,
            )
        )
    return count


# Typing only: one int per axis in gives an int out; a pair anywhere gives an (OH, OW) pair.
@overload
def conv_output_size(  # type: ignore[overload-overlap]
    size: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1, *, strict: bool = False
) -> int: ...
@overload
def conv_output_size(
    size: Size, kernel_size: Size, stride: Size = 1, padding: Size = 0, dilation: Size = 1, *, strict: bool = False
) -> tuple[int, int]: ...


def conv_output_size(
    size: Size, kernel_size: Size, stride: Size = 1, padding: Size = 0, dilation: Size = 1, *, strict: bool = False
) -> int | tuple[int, int]:
    """Output size of a convolution along each spatial axis.

    O = floor((I + 2P - D(K-1) - 1) / S) + 1

    Parameters
    ----------
    size, kernel_size, stride, padding, dilation : int or (h, w) pair
        ``padding`` is per side (PyTorch's convention). If any argument is a
        pair, the result is an ``(OH, OW)`` tuple; otherwise an int.
    strict : bool
        Frameworks floor the division silently. ``strict=True`` instead raises
        when it is not exact, naming the rows/columns the window never reaches.

    >>> conv_output_size(28, 5)
    24
    >>> conv_output_size((32, 32), 3, stride=2, padding=1)
    (16, 16)
    """
    func = "conv_output_size"
    pair = any(is_pair(v) for v in (size, kernel_size, stride, padding, dilation))
    sizes = check_pair(size, "size", func, minimum=1)
    ks = check_pair(kernel_size, "kernel_size", func, minimum=1)
    ss = check_pair(stride, "stride", func, minimum=1, rule="the window must move forward by at least one cell")
    ps = check_pair(
        padding, "padding", func, minimum=0, rule="padding adds cells; it cannot remove them (crop the input instead)"
    )
    ds = check_pair(dilation, "dilation", func, minimum=1, rule="dilation 1 means an ordinary kernel")
    if not isinstance(strict, bool):
        raise TypeError(f"{func}: strict must be True or False, got {strict!r}")
    axes = ("H", "W") if pair else ("", "")
    out = tuple(_axis_output(func, axes[a], sizes[a], ks[a], ss[a], ps[a], ds[a], strict) for a in range(2))
    return out if pair else out[0]


@overload
def pool_output_size(  # type: ignore[overload-overlap]
    size: int, kernel_size: int, stride: int | None = None, padding: int = 0, *, ceil_mode: bool = False
) -> int: ...
@overload
def pool_output_size(
    size: Size, kernel_size: Size, stride: Size | None = None, padding: Size = 0, *, ceil_mode: bool = False
) -> tuple[int, int]: ...


def pool_output_size(
    size: Size, kernel_size: Size, stride: Size | None = None, padding: Size = 0, *, ceil_mode: bool = False
) -> int | tuple[int, int]:
    """Output size of a pooling layer (the convolution formula with D = 1).

    O = floor((I + 2P - K) / S) + 1       (ceil_mode=False, the default)
    O = ceil((I + 2P - K) / S) + 1        (ceil_mode=True; as in PyTorch, a last
                                            window that would start in the right
                                            padding is dropped)

    ``stride`` defaults to ``kernel_size`` (non-overlapping windows). As in
    PyTorch, ``padding`` may be at most half the kernel size.

    >>> pool_output_size(24, 2)
    12
    >>> pool_output_size(5, 2, ceil_mode=True)
    3
    """
    func = "pool_output_size"
    pair = any(is_pair(v) for v in (size, kernel_size, stride, padding))
    sizes = check_pair(size, "size", func, minimum=1)
    ks = check_pair(kernel_size, "kernel_size", func, minimum=1)
    ss = (
        ks
        if stride is None
        else check_pair(stride, "stride", func, minimum=1, rule="the window must move forward by at least one cell")
    )
    ps = check_pair(padding, "padding", func, minimum=0, rule="padding adds cells; it cannot remove them")
    if not isinstance(ceil_mode, bool):
        raise TypeError(f"{func}: ceil_mode must be True or False, got {ceil_mode!r}")
    out = []
    for a, axis in enumerate(("H", "W") if pair else ("", "")):
        i, k, s, p = sizes[a], ks[a], ss[a], ps[a]
        check_pool_padding(p, k, func)
        o = _axis_output(func, axis, i, k, s, p, 1, False)
        if ceil_mode and (i + 2 * p - k) % s:
            o += 1
            if (o - 1) * s >= i + p:  # the extra window would start inside the right padding
                o -= 1
        out.append(o)
    return tuple(out) if pair else out[0]


def check_groups(groups, in_channels: int, out_channels: int, func: str, names: tuple[str, str] = ("C", "F")) -> int:
    """``groups`` as an int that divides both channel counts (PyTorch's rule), else a message with a fix.

    ``names`` say where the counts come from in the caller's arguments: ("C", "F") for the functions,
    where C is x's channel axis and F = w.shape[0]; ("in_channels", "out_channels") for the layer.
    """
    g = check_int(groups, "groups", func, minimum=1, rule="groups=1 is an ordinary convolution")
    common = math.gcd(in_channels, out_channels)
    both = tuple(d for d in range(1, common + 1) if common % d == 0)
    for what, n, name in (("input", in_channels, names[0]), ("output", out_channels, names[1])):
        if n % g:
            raise ValueError(
                f"{func}: groups={g} must divide the {what} channels {name}={n} ({n} % {g} = {n % g}): each "
                f"group reads C/groups input channels and writes F/groups output channels; use groups in "
                f"{both} (the divisors of both {names[0]}={in_channels} and {names[1]}={out_channels}) "
                f"or make {name} a multiple of {g}"
            )
    return g


def conv_param_count(in_channels: int, out_channels: int, kernel_size: Size, bias: bool = True, groups: int = 1) -> int:
    """Learnable parameters of a convolution layer.

    weights: out_channels * (in_channels / groups) * KH * KW, plus one bias per output channel.
    ``groups`` (default 1, an ordinary convolution) must divide both channel counts; each
    filter then sees only in_channels / groups channels, so the weights shrink by that factor.

    >>> conv_param_count(16, 32, 3)
    4640
    >>> conv_param_count(32, 32, 3, bias=False, groups=32)  # depthwise: one 3x3 kernel per channel
    288
    """
    func = "conv_param_count"
    c = check_int(in_channels, "in_channels", func, minimum=1)
    f = check_int(out_channels, "out_channels", func, minimum=1)
    kh, kw = check_pair(kernel_size, "kernel_size", func, minimum=1)
    if not isinstance(bias, bool):
        raise TypeError(f"{func}: bias must be True or False, got {bias!r}")
    g = check_groups(groups, c, f, func, ("in_channels", "out_channels"))
    return f * (c // g) * kh * kw + (f if bias else 0)


def receptive_field(layers) -> int:
    """Receptive field of stacked layers, in input pixels.

    ``layers`` is a sequence of ``(kernel_size, stride)`` or
    ``(kernel_size, stride, dilation)`` tuples, first layer first.
    Each layer adds (K_eff - 1) * jump, where jump is the product of the
    strides before it:  r_l = r_{l-1} + (K_eff_l - 1) * prod(S_1..S_{l-1}).

    >>> receptive_field([(3, 1), (3, 1)])
    5
    >>> receptive_field([(3, 1), (2, 2), (3, 1)])
    8
    """
    func = "receptive_field"
    r, jump = 1, 1
    for n, layer in enumerate(layers):
        if not isinstance(layer, (tuple, list)) or len(layer) not in (2, 3):
            raise TypeError(
                f"{func}: layers[{n}] must be (kernel_size, stride) or (kernel_size, stride, dilation), got {layer!r}"
            )
        k = check_int(layer[0], f"layers[{n}] kernel_size", func, minimum=1)
        s = check_int(layer[1], f"layers[{n}] stride", func, minimum=1)
        d = check_int(layer[2], f"layers[{n}] dilation", func, minimum=1) if len(layer) == 3 else 1
        r += (d * (k - 1)) * jump
        jump *= s
    return r


# --------------------------------------------------------------------------- whole-layer geometry
# What conv2d, im2col, col2im, pad2d, the pooling functions and the layer kernels check first.


def normalize_padding(padding, func: str = "pad2d") -> tuple[int, int, int, int]:
    """An int, (ph, pw) or (top, bottom, left, right) -> (top, bottom, left, right)."""
    rule = "padding adds cells; it cannot remove them (crop the input instead)"
    if is_pair(padding):
        items = list(padding)
        if len(items) == 2:
            ph = check_int(items[0], "padding[0]", func, minimum=0, rule=rule)
            pw = check_int(items[1], "padding[1]", func, minimum=0, rule=rule)
            return (ph, ph, pw, pw)
        if len(items) == 4:
            names = ("top", "bottom", "left", "right")
            t, b, l, r = (
                check_int(v, f"padding[{i}] ({names[i]})", func, minimum=0, rule=rule) for i, v in enumerate(items)
            )
            return (t, b, l, r)
        raise ValueError(
            f"{func}: padding must be an int, (ph, pw) or (top, bottom, left, right), got {padding!r} "
            f"with {len(items)} entries; e.g. padding=1 or padding=(0, 1, 0, 1)"
        )
    p = check_int(padding, "padding", func, minimum=0, rule=rule)
    return (p, p, p, p)


@dataclass(frozen=True)
class ConvGeometry:
    """Everything about one convolution's shapes, checked once."""

    N: int
    C: int
    H: int
    W: int
    KH: int
    KW: int
    stride: tuple[int, int]
    padding: tuple[int, int, int, int]  # top, bottom, left, right
    dilation: tuple[int, int]
    OH: int
    OW: int

    @property
    def padded_shape(self) -> tuple[int, int]:
        top, bottom, left, right = self.padding
        return (self.H + top + bottom, self.W + left + right)


def resolve_padding(
    padding: Padding, kernel_hw: tuple[int, int], dilation: tuple[int, int], stride: tuple[int, int], func: str
) -> tuple[int, int, int, int]:
    """An int, a pair, (top, bottom, left, right), 'same' or 'valid' -> (top, bottom, left, right)."""
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0, 0, 0)
        if padding == "same":
            if stride != (1, 1):
                raise ValueError(
                    _(
                        "{func}: padding='same' needs stride=1 (got stride={stride}); a strided convolution "
                        "cannot keep the size. Pass a number, e.g. padding=1, or for TensorFlow's 'same' with a "
                        "stride (output ceil(I/S)) the (top, bottom, left, right) from helpers.tf_same_padding"
                    ).format(func=func, stride=stride)
                )
            (t, b_), (l, r) = [(d * (k - 1) // 2, d * (k - 1) - d * (k - 1) // 2) for k, d in zip(kernel_hw, dilation)]
            return (t, b_, l, r)
        raise ValueError(
            f"{func}: padding must be an int, a pair, (top, bottom, left, right), 'same' or 'valid', got {padding!r}"
        )
    return normalize_padding(padding, func)


def geometry(
    x_shape: tuple[int, int, int, int],
    kernel_hw: tuple[int, int],
    stride: Size,
    padding: Padding,
    dilation: Size,
    func: str,
) -> ConvGeometry:
    """Check stride/padding/dilation against a 4-D input shape and work out OH, OW."""
    N, C, H, W = x_shape
    KH, KW = kernel_hw
    s = check_pair(stride, "stride", func, minimum=1, rule="the window must move forward by at least one cell")
    d = check_pair(dilation, "dilation", func, minimum=1, rule="dilation 1 means an ordinary kernel")
    p = resolve_padding(padding, (KH, KW), d, s, func)
    out = [
        window_count(func, "H", H, KH, s[0], p[0], p[1], d[0]),
        window_count(func, "W", W, KW, s[1], p[2], p[3], d[1]),
    ]
    check_size((N, C, H + p[0] + p[1], W + p[2] + p[3]), "the padded input", func, "padding")
    return ConvGeometry(N, C, H, W, KH, KW, s, p, d, out[0], out[1])


def pool_geometry(shape_hw: tuple[int, int], kernel_size: Size, stride: Size | None, padding: Size, func: str) -> tuple:
    """Check pooling settings for an (H, W) input; return (kh, kw), (sh, sw), (ph, pw), (oh, ow)."""
    k = check_pair(kernel_size, "kernel_size", func, minimum=1)
    s = (
        k
        if stride is None
        else check_pair(stride, "stride", func, minimum=1, rule="the window must move forward by at least one cell")
    )
    p = check_pair(padding, "padding", func, minimum=0, rule="padding adds cells; it cannot remove them")
    out = []
    for axis, size, kk, ss, pp in zip("HW", shape_hw, k, s, p):
        check_pool_padding(pp, kk, func, axis)
        out.append(window_count(func, axis, size, kk, ss, pp, pp, 1))
    return k, s, p, tuple(out)


def offset_slices(u: int, v: int, stride: tuple[int, int], out_hw: tuple[int, int]) -> tuple[slice, slice]:
    """The strided slice of a padded map holding kernel offset (u, v) of every window."""
    (sh, sw), (oh, ow) = stride, out_hw
    return (slice(u, u + sh * (oh - 1) + 1, sh), slice(v, v + sw * (ow - 1) + 1, sw))

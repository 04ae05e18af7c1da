"""The ranges and limits of notebook 04's output-size calculator (:func:`helpers.explorers.output_size.output_size_explorer`).

:data:`OUTPUT_SIZE_RANGES` holds each slider's (min, max, default); :func:`calculator_limits` derives the
constrained sliders' maxima from the validity rules and :func:`calculator_settings` lists every setting the
sliders reach. Re-exported by :mod:`helpers.explorers.output_size`.
"""

from __future__ import annotations

__all__ = ["OUTPUT_SIZE_RANGES", "calculator_limits", "calculator_settings"]

# slider name -> (min, max, default): exam-sized (AlexNet's 227 input, 11×11 kernel, stride 4). The padding
# slider's maximum follows the kernel and the dilation (calculator_limits): at most D(K−1), the "full"
# padding, beyond which the border windows read nothing but zeros.
_K_MAX, _D_MAX = 11, 3
OUTPUT_SIZE_RANGES = {
    "input_size": (1, 227, 8),
    "kernel_size": (1, _K_MAX, 3),
    "stride": (1, 4, 2),
    "padding": (0, _D_MAX * (_K_MAX - 1), 0),
    "dilation": (1, _D_MAX, 1),
}


def calculator_limits(input_size, kernel_size, padding, dilation, reach_invalid=True) -> dict:
    """The largest value each constrained slider of the calculator may take, given the other sliders.

    ``padding``: D(K−1) (capped by OUTPUT_SIZE_RANGES), the "full" padding: one more and the first
    and last windows would read only padding. With ``reach_invalid=False`` also ``kernel_size`` and
    ``dilation``: the largest that still fit the padded input (D(K−1) + 1 <= I + 2P), so no setting
    the sliders allow is invalid. With ``reach_invalid=True`` (notebook 04's calculator) those two keep
    their full ranges, so a window larger than the padded input can be chosen and is explained in red.
    """
    (_, k_hi, _), (_, p_hi, _), (d_lo, d_hi, _) = (
        OUTPUT_SIZE_RANGES[n] for n in ("kernel_size", "padding", "dilation")
    )
    limits = {"padding": min(p_hi, dilation * (kernel_size - 1))}
    if not reach_invalid:
        fits = input_size + 2 * padding  # the window span D(K−1) + 1 may be at most this
        limits["kernel_size"] = max(1, min(k_hi, (fits - 1) // dilation + 1))
        limits["dilation"] = d_hi if kernel_size <= 1 else max(d_lo, min(d_hi, (fits - 1) // (kernel_size - 1)))
    return limits


def calculator_settings(reach_invalid=True, input_sizes=None):
    """Every setting the calculator's sliders can reach (dicts of the five values), for tests and benchmarks.

    ``input_sizes`` restricts the input-size slider's values (default: all of them).
    """
    (i0, i1, _), (k0, k1, _), (s0, s1, _), (p0, _, _), (d0, d1, _) = OUTPUT_SIZE_RANGES.values()
    for i in range(i0, i1 + 1) if input_sizes is None else input_sizes:
        for k in range(k0, k1 + 1):
            for d in range(d0, d1 + 1):
                for p in range(p0, calculator_limits(i, k, 0, d)["padding"] + 1):
                    lim = calculator_limits(i, k, p, d, reach_invalid)
                    if k > lim.get("kernel_size", k) or d > lim.get("dilation", d):
                        continue
                    for st in range(s0, s1 + 1):
                        yield {"input_size": i, "kernel_size": k, "stride": st, "padding": p, "dilation": d}

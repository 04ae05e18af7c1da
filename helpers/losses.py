"""The loss: softmax followed by cross-entropy (ソフトマックス, 交差エントロピー誤差).

p = softmax(z)                          p[n, k] = exp(z[n, k] - max_j z[n, j]) / sum_j exp(...)
loss = -(1/N) * sum_n log p[n, y_n]     dlogits = (p - onehot(y)) / N
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import check_array
from .i18n import _
from .layer_base import Layer, _shape_text

__all__ = ["softmax", "SoftmaxCrossEntropy"]


def softmax(z: ArrayLike, axis: int = -1) -> np.ndarray:
    """Numerically stable softmax: exp(z - max z) / sum exp(z - max z)."""
    z = check_array(z, "z", "softmax")
    if z.ndim == 0 or z.shape[axis] == 0:
        raise ValueError(
            _(
                "softmax: z must hold at least one score along axis={axis}, got shape {z_shape}; pass e.g. a (N, K) array with K >= 1"
            ).format(axis=axis, z_shape=z.shape)
        )
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


class SoftmaxCrossEntropy(Layer):
    """Softmax followed by cross-entropy (交差エントロピー誤差), averaged over the batch.

    forward(logits, labels):  logits (N, K) scores, labels (N,) ints in 0..K-1  -> loss (a float)

        p = softmax(logits)                         p[n, k] = exp(z[n, k] - m_n) / sum_j exp(z[n, j] - m_n)
        loss = -(1/N) * sum_n log p[n, labels[n]]   computed as  log-sum-exp - z[n, label], never log(0)

    backward(dout=1.0) -> dlogits (N, K):   dlogits = dout * (p - onehot(labels)) / N
    """

    def forward(self, logits, labels):
        z = check_array(logits, "logits", "SoftmaxCrossEntropy")
        if z.ndim != 2:
            raise ValueError(
                _("SoftmaxCrossEntropy: logits must be (N, num_classes), got shape {shape_text_z_shape}").format(
                    shape_text_z_shape=_shape_text(z.shape)
                )
                + (_(" (forgot a Flatten + Linear at the end?)") if z.ndim == 4 else "")
            )
        N, K = z.shape
        if N == 0 or K == 0:
            raise ValueError(
                _(
                    "SoftmaxCrossEntropy: logits has shape {shape_text_z_shape}; the mean loss needs at least one example (N >= 1) and one class (K >= 1). Check the batch: x[:0] or an empty slice selects nothing"
                ).format(shape_text_z_shape=_shape_text(z.shape))
            )
        y = np.asarray(labels)
        if y.ndim == 2 and y.shape == z.shape:  # one-hot labels
            y = y.argmax(axis=1)
        if y.shape != (N,):
            raise ValueError(
                _(
                    "SoftmaxCrossEntropy: labels must be (N,) = ({N},) class numbers, got shape {shape_text_y_shape}"
                ).format(N=N, shape_text_y_shape=_shape_text(y.shape))
            )
        if y.dtype.kind not in "iu":
            if y.dtype.kind == "f" and np.all(y == np.round(y)):
                y = y.astype(np.int64)
            else:
                raise TypeError(
                    _("SoftmaxCrossEntropy: labels must be integers 0..{k_1}, got dtype {y_dtype}").format(
                        k_1=K - 1, y_dtype=y.dtype
                    )
                )
        if N and (y.min() < 0 or y.max() >= K):
            bad = y[(y < 0) | (y >= K)][0]
            raise ValueError(
                _(
                    "SoftmaxCrossEntropy: label {bad} is out of range: with {K} classes (logits.shape[1]) labels must be 0..{k_1}; check the labels or the last Linear layer's out_features"
                ).format(bad=bad, K=K, k_1=K - 1)
            )
        shifted = z - z.max(axis=1, keepdims=True)
        log_sum = np.log(np.exp(shifted).sum(axis=1))
        log_p_true = shifted[np.arange(N), y] - log_sum
        self._cache = (shifted, log_sum, y)
        return float(-log_p_true.mean())

    def backward(self, dout=1.0):
        shifted, log_sum, y = self._need_cache()
        N = shifted.shape[0]
        p = np.exp(shifted - log_sum[:, None])
        p[np.arange(N), y] -= 1.0
        return p * (float(dout) / N)

    @property
    def probabilities(self):
        shifted, log_sum, _ = self._need_cache()
        return np.exp(shifted - log_sum[:, None])

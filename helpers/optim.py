"""Optimizers: how the parameters move once backward has filled the gradients.

    opt = Adam(lr=1e-3)
    loss = loss_fn.forward(model.forward(x), y)
    model.backward(loss_fn.backward())
    opt.step(model)                         # updates every layer's params in place

``step`` takes a :class:`~helpers.model.Sequential` (or anything with
``named_params()``), a list of layers, or is called DLfS-style as
``opt.update(params, grads)`` with two dicts of the same keys.
"""

from __future__ import annotations

import numpy as np

__all__ = ["Optimizer", "SGD", "Adam"]


def _triples(target):
    """[(name, param, grad)] from a model, a list of layers or a single layer."""
    if hasattr(target, "named_params"):
        return target.named_params()
    layers = target if isinstance(target, (list, tuple)) else [target]
    out = []
    for i, layer in enumerate(layers):
        if not hasattr(layer, "params"):
            raise TypeError(f"step: expected a model, a layer or a list of layers, got {type(layer).__name__}")
        out += [(f"{i}.{k}", layer.params[k], layer.grads[k]) for k in layer.params]
    return out


class Optimizer:
    def __init__(self, lr):
        if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating)) or not lr > 0:
            raise ValueError(
                f"{type(self).__name__}: lr (the learning rate, 学習率) must be a positive number, "
                f"got {lr!r}; typical values are 0.01 for SGD and 0.001 for Adam"
            )
        self.lr = float(lr)
        self.state: dict[str, dict] = {}
        self.t = 0

    def step(self, target):
        """One update of every parameter of ``target`` (a model, a layer or a list of layers)."""
        self.t += 1
        for name, p, g in _triples(target):
            self._update(name, p, g)

    def update(self, params: dict, grads: dict):
        """DLfS-style: update the arrays in ``params`` in place using ``grads`` (same keys)."""
        if set(params) != set(grads):
            raise ValueError(
                f"update: params and grads must have the same keys, got {sorted(params)} and {sorted(grads)}"
            )
        self.t += 1
        for key in params:
            self._update(key, params[key], grads[key])

    def _update(self, name, p, g):
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent (確率的勾配降下法), optionally with momentum (モーメンタム).

    v <- momentum * v - lr * grad
    p <- p + v                          (momentum=0: p <- p - lr * grad)
    """

    def __init__(self, lr=0.01, momentum=0.0):
        super().__init__(lr)
        if not 0.0 <= float(momentum) < 1.0:
            raise ValueError(f"SGD: momentum must be in [0, 1), got {momentum!r}; 0.9 is usual")
        self.momentum = float(momentum)

    def __repr__(self):
        return f"SGD(lr={self.lr:g}, momentum={self.momentum:g})"

    def _update(self, name, p, g):
        if self.momentum == 0.0:
            p -= p.dtype.type(self.lr) * g
            return
        v = self.state.setdefault(name, {"v": np.zeros_like(p)})["v"]
        v *= p.dtype.type(self.momentum)
        v -= p.dtype.type(self.lr) * g
        p += v


class Adam(Optimizer):
    """Adam: a step per parameter scaled by running averages of the gradient and its square.

    m <- b1 * m + (1 - b1) * g           v <- b2 * v + (1 - b2) * g²
    p <- p - lr * m_hat / (sqrt(v_hat) + eps),  m_hat = m / (1 - b1^t),  v_hat = v / (1 - b2^t)
    """

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr)
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), float(eps)

    def __repr__(self):
        return f"Adam(lr={self.lr:g})"

    def _update(self, name, p, g):
        s = self.state.get(name)
        if s is None:
            s = self.state[name] = {
                "m": np.zeros_like(p),
                "v": np.zeros_like(p),
                "_a": np.empty_like(p),
                "_b": np.empty_like(p),
            }  # scratch buffers
        m, v, a, b = s["m"], s["v"], s["_a"], s["_b"]
        t = p.dtype.type
        # m <- b1 m + (1 - b1) g ;  v <- b2 v + (1 - b2) g²   (in place: no new arrays per step)
        np.multiply(g, t(1 - self.beta1), out=a)
        m *= t(self.beta1)
        m += a
        np.multiply(g, g, out=a)
        a *= t(1 - self.beta2)
        v *= t(self.beta2)
        v += a
        # bias correction folded into the step size (the same update, fewer array operations)
        step = self.lr * np.sqrt(1 - self.beta2**self.t) / (1 - self.beta1**self.t)
        eps_hat = self.eps * np.sqrt(1 - self.beta2**self.t)
        np.sqrt(v, out=a)
        a += t(eps_hat)
        np.multiply(m, t(step), out=b)
        b /= a
        p -= b

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

from ._fit_checks import real

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
        self.lr = lr
        self.state: dict[str, dict] = {}
        self.t = 0

    @property
    def lr(self) -> float:
        """The learning rate (学習率); setting it (e.g. a schedule) is checked like the constructor."""
        return self._lr

    @lr.setter
    def lr(self, value) -> None:
        example = 0.01 if type(self).__name__ == "SGD" else 1e-3
        self._lr = real(value, "lr", type(self).__name__, low=0.0, example=example, what="the learning rate, 学習率")

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
        self.momentum = real(momentum, "momentum", "SGD", low=0.0, high=1.0, low_open=False, example=0.9)

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
        self.beta1 = real(beta1, "beta1", "Adam", low=0.0, high=1.0, low_open=False, example=0.9)
        self.beta2 = real(beta2, "beta2", "Adam", low=0.0, high=1.0, low_open=False, example=0.999)
        self.eps = real(eps, "eps", "Adam", low=0.0, example=1e-8)

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

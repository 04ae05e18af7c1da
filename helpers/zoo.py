"""Networks with more than one convolution layer, for notebooks 08 and 09.

``lenet_digits`` is a LeNet-5-like network (LeCun et al. 1998) for 1x28x28 digits: two convolution
layers, so that notebook 09 can show layer-2 features built from layer-1 ones (Zeiler & Fergus 2014;
ゼロから作る Deep Learning 7.6.2). Notebook 08 trains it (``LENET_TRAINING``) and saves its own copy;
the same trained weights ship as ``helpers/assets/lenet_digits.npz`` (``LENET_WEIGHTS``), which
notebook 09 loads.
"""

from __future__ import annotations

import numpy as np

from .model import Sequential

__all__ = ["lenet_digits", "LENET_WEIGHTS", "LENET_TRAINING"]

# the file in helpers/assets that notebook 08 reproduces and notebook 09 loads
LENET_WEIGHTS = "lenet_digits.npz"
# how the shipped weights were trained: lenet_digits(rng=np.random.default_rng(0)), Adam(lr=2e-3), then
# helpers.training.fit(model, x_train, y_train, **LENET_TRAINING) on load_digits28()'s 4,000 training digits
LENET_TRAINING = {"epochs": 15, "batch_size": 100, "augment": 2, "lr_schedule": {13: 2e-4}, "seed": 0, "threads": 1}


def lenet_digits(*, rng=None, dtype=np.float32, input_grad=False, filters=(6, 16), hidden=(120, 84)):
    """A LeNet-5-like network for 1x28x28 digits (a Sequential of 12 layers).

    Conv 6x1x5x5 -> ReLU -> MaxPool 2 -> Conv 16x6x5x5 -> ReLU -> MaxPool 2 -> Flatten
    -> Linear 256->120 -> ReLU -> Linear 120->84 -> ReLU -> Linear 84->10

    Shapes: 1x28x28 -> 6x24x24 -> 6x12x12 -> 16x8x8 -> 16x4x4 -> 256 -> 120 -> 84 -> 10.
    LeNet-5 has the same 6 and 16 filters of 5x5 and the same 120 and 84 hidden units; it reads 32x32
    images (so 16x5x5 = 400 features) and uses tanh-like units and average subsampling where this one
    uses ReLU and max pooling. He initialisation (the layers' default); ``rng`` seeds it.
    """
    from .layers import Conv2D, Flatten, Linear, MaxPool2D, ReLU

    rng = np.random.default_rng(0) if rng is None else rng
    f1, f2 = filters
    h1, h2 = hidden
    return Sequential(
        Conv2D(1, f1, 5, rng=rng, dtype=dtype, input_grad=input_grad),
        ReLU(),
        MaxPool2D(2),
        Conv2D(f1, f2, 5, rng=rng, dtype=dtype),
        ReLU(),
        MaxPool2D(2),
        Flatten(),
        Linear(f2 * 4 * 4, h1, rng=rng, dtype=dtype),
        ReLU(),
        Linear(h1, h2, rng=rng, dtype=dtype),
        ReLU(),
        Linear(h2, 10, rng=rng, dtype=dtype),
    )

"""The training loop, evaluation, the confusion matrix and the history figure (small and quick)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import layers as L  # noqa: E402
from helpers.data import load_digits28  # noqa: E402
from helpers.model import Sequential  # noqa: E402
from helpers.optim import SGD, Adam  # noqa: E402
from helpers.training import (
    History,
    confusion_matrix,
    evaluate,
    fit,
    in_notebook,
    plot_confusion_matrix,  # noqa: E402
    plot_history,
)


@pytest.fixture(scope="module")
def small_digits():
    (xt, yt), (xv, yv) = load_digits28()
    return xt[::8], yt[::8], xv[::4], yv[::4]  # 500 training, 250 held-out digits


def small_cnn(seed=0):
    r = np.random.default_rng(seed)
    return Sequential(
        L.Conv2D(1, 6, 5, stride=2, rng=r, dtype=np.float32, input_grad=False),
        L.ReLU(),
        L.MaxPool2D(2),
        L.Flatten(),
        L.Linear(6 * 6 * 6, 32, rng=r, dtype=np.float32),
        L.ReLU(),
        L.Linear(32, 10, rng=r, dtype=np.float32),
    )


def test_fit_learns_the_digits(small_digits, capsys):
    xt, yt, xv, yv = small_digits
    model = small_cnn()
    before = evaluate(model, xv, yv)
    hist = fit(model, xt, yt, optimizer=Adam(5e-3), epochs=6, batch_size=50, x_val=xv, y_val=yv, augment=1, seed=0)
    after = evaluate(model, xv, yv)
    assert before.accuracy < 0.3 and after.accuracy > 0.8, after
    assert hist.epoch == [1, 2, 3, 4, 5, 6] and len(hist.batch_loss) == 6 * 10
    assert hist.train_loss[-1] < hist.train_loss[0]
    assert hist.val_acc[-1] == pytest.approx(after.accuracy)
    assert all(b > a for a, b in zip(hist.seconds, hist.seconds[1:]))
    out = capsys.readouterr().out  # plain text outside a notebook
    assert out.count("epoch ") == 6 and "held-out acc" in out and "done: 6 epochs" in out
    # continuing a history keeps counting
    fit(model, xt, yt, optimizer=SGD(0.01, momentum=0.9), epochs=1, x_val=xv, y_val=yv, history=hist, progress=False)
    assert hist.epoch[-1] == 7 and len(hist.val_acc) == 7
    assert capsys.readouterr().out == ""


def test_fit_is_reproducible(small_digits):
    xt, yt, _, _ = small_digits
    runs = []
    for _ in range(2):
        model = small_cnn(seed=3)
        fit(model, xt[:200], yt[:200], optimizer=Adam(1e-3), epochs=1, batch_size=40, augment=2, seed=5, progress=False)
        runs.append(model[0].params["W"].copy())
    np.testing.assert_array_equal(runs[0], runs[1])


def test_fit_stops_at_the_target(small_digits):
    xt, yt, xv, yv = small_digits
    hist = fit(
        small_cnn(), xt, yt, optimizer=Adam(3e-3), epochs=20, x_val=xv, y_val=yv, target_accuracy=0.5, progress=False
    )
    assert len(hist.epoch) < 20 and hist.val_acc[-1] >= 0.5
    assert hist.time_to(0.5) == hist.seconds[-1] and hist.time_to(1.01) is None


def test_lr_schedule_changes_the_learning_rate(small_digits):
    xt, yt, _, _ = small_digits
    opt = Adam(1e-3)
    lrs = []

    class Spy(Adam):
        def step(self, target):
            lrs.append(self.lr)
            super().step(target)

    opt = Spy(1e-3)
    fit(
        small_cnn(),
        xt[:100],
        yt[:100],
        optimizer=opt,
        epochs=3,
        batch_size=50,
        lr_schedule={2: 1e-4, 3: 5e-5},
        progress=False,
    )
    assert lrs == [1e-3, 1e-3, 1e-4, 1e-4, 5e-5, 5e-5]


def test_fit_argument_errors(small_digits):
    xt, yt, _, _ = small_digits
    with pytest.raises(ValueError, match="500 examples but y_train has 499"):
        fit(small_cnn(), xt, yt[:-1], optimizer=Adam())
    with pytest.raises(ValueError, match="needs held-out data"):
        fit(small_cnn(), xt, yt, optimizer=Adam(), target_accuracy=0.9)


def test_evaluate_restores_the_mode():
    model = Sequential(L.Linear(2, 3, rng=np.random.default_rng(0)), L.Dropout(0.5))
    x, y = np.ones((7, 2)), np.array([0, 1, 2, 0, 1, 2, 0])
    ev = evaluate(model, x, y, batch_size=3)
    assert model.training and 0.0 <= ev.accuracy <= 1.0
    loss, acc = ev
    assert loss == ev.loss
    assert model.predict(x, batch_size=3).shape == (7,) and model.training


def test_confusion_matrix():
    cm = confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1], num_classes=4)
    np.testing.assert_array_equal(cm, [[1, 0, 0, 0], [0, 1, 1, 0], [0, 0, 2, 0], [0, 0, 0, 0]])
    assert confusion_matrix([0, 3], [3, 3]).shape == (4, 4)
    with pytest.raises(ValueError, match="one prediction per label"):
        confusion_matrix([0, 1], [0])
    with pytest.raises(ValueError, match="classes must be 0..1"):
        confusion_matrix([0, 2], [0, 1], num_classes=2)


def test_figures_draw():
    h = History(
        epoch=[1, 2],
        train_loss=[1.0, 0.5],
        train_acc=[0.8, 0.9],
        val_loss=[0.9, 0.6],
        val_acc=[0.85, 0.95],
        seconds=[1.0, 2.0],
        batch_loss=[1.2, 0.9, 0.6, 0.4],
    )
    fig = plot_history(h)
    assert len(fig.axes) == 2
    plt.close(fig)
    fig = plot_confusion_matrix(np.eye(10, dtype=int) * 90 + 1)
    plt.close(fig)
    assert h.epoch_seconds == [1.0, 1.0]
    assert in_notebook() is False


def test_fit_with_one_blas_thread(small_digits):
    xt, yt, _, _ = small_digits
    hist = fit(small_cnn(), xt[:100], yt[:100], optimizer=Adam(1e-3), epochs=1, threads=1, progress=False)
    assert hist.epoch == [1]
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return
    from helpers.training import blas_threads

    with blas_threads(1):
        assert all(p["num_threads"] == 1 for p in threadpool_info() if p["user_api"] == "blas")

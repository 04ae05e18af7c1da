"""Training loop with a progress bar and live curves, evaluation, and a confusion matrix.

    from helpers.training import fit, evaluate, confusion_matrix
    history = fit(model, x_train, y_train, optimizer=Adam(1e-3), epochs=8, batch_size=100,
                  x_val=x_test, y_val=y_test, augment=2, seed=0)
    history.val_acc[-1], history.seconds[-1]      # held-out accuracy, seconds of training so far

This module only computes; what is shown while training is a *progress object*
(``helpers.progress``: an ipywidgets bar with live curves in a notebook, a line of
text per epoch elsewhere, or any object with ``batch``/``epoch``/``close`` methods).

Training stops with :class:`TrainingDiverged` at the first loss that is not a
finite number, and warns (:class:`TrainingWarning`) when the loss grows a
hundredfold over its first batch.

Times in the history count training only (forward, backward, update and
augmentation), not the evaluation on the held-out set or the drawing.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field

import numpy as np

from ._fit_checks import (
    TrainingDiverged,
    TrainingWarning,
    check_augment,
    check_data,
    check_model,
    check_optimizer,
    check_schedule,
    diverged_message,
    labels,
    real,
    whole,
)
from .i18n import _
from .layers import SoftmaxCrossEntropy

__all__ = [
    "fit",
    "blas_threads",
    "evaluate",
    "Evaluation",
    "History",
    "confusion_matrix",
    "TrainingDiverged",
    "TrainingWarning",
]

_PRESENTATION = ("plot_history", "plot_confusion_matrix", "in_notebook")
GROWTH_WARNING = 100.0  # warn when a batch's loss is this many times the very first batch's


def __getattr__(name):
    """``from helpers.training import plot_history`` keeps working; the code lives in helpers.progress."""
    if name in _PRESENTATION:
        from . import progress

        return getattr(progress, name)
    raise AttributeError(f"module 'helpers.training' has no attribute {name!r}")


@dataclass
class History:
    """What happened during :func:`fit`, one entry per epoch (``batch_loss``: one per batch)."""

    epoch: list = field(default_factory=list)
    train_loss: list = field(default_factory=list)  # mean loss over the epoch's batches (training mode)
    train_acc: list = field(default_factory=list)  # accuracy on those batches while training
    val_loss: list = field(default_factory=list)
    val_acc: list = field(default_factory=list)
    seconds: list = field(default_factory=list)  # cumulative training seconds at the end of each epoch
    batch_loss: list = field(default_factory=list)

    def time_to(self, accuracy: float):
        """Training seconds until the held-out accuracy first reached ``accuracy`` (None if never)."""
        for acc, sec in zip(self.val_acc, self.seconds):
            if acc >= accuracy:
                return sec
        return None

    @property
    def epoch_seconds(self) -> list:
        return list(np.diff([0.0] + list(self.seconds)))

    def as_dict(self) -> dict:
        return {k: list(v) for k, v in self.__dict__.items()}


@dataclass
class Evaluation:
    loss: float
    accuracy: float

    def __iter__(self):
        return iter((self.loss, self.accuracy))


def evaluate(model, x, y, *, loss_fn=None, batch_size: int = 500) -> Evaluation:
    """Mean loss and accuracy of ``model`` on (x, y), in eval mode (restored afterwards), in batches."""
    check_model(model, "evaluate")
    x, y = check_data(x, y, "evaluate")
    batch_size = whole(batch_size, "batch_size", "evaluate", minimum=1, example=500)
    loss_fn = SoftmaxCrossEntropy() if loss_fn is None else loss_fn
    was = getattr(model, "training", True)
    model.eval()
    total_loss, correct = 0.0, 0
    try:
        for i in range(0, len(x), batch_size):
            logits = model.forward(x[i : i + batch_size])
            yb = y[i : i + batch_size]
            total_loss += loss_fn.forward(logits, yb) * len(yb)
            correct += int((logits.argmax(axis=1) == yb).sum())
    finally:
        if was:
            model.train()
    return Evaluation(total_loss / len(x), correct / len(x))


def confusion_matrix(y_true, y_pred, num_classes: int | None = None) -> np.ndarray:
    """(K, K) counts: row = true class, column = predicted class (混同行列). The diagonal is correct."""
    y_true = labels(y_true, "y_true")
    y_pred = labels(y_pred, "y_pred")
    if num_classes is not None:
        num_classes = whole(num_classes, "num_classes", "confusion_matrix", minimum=1, example=10)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            _(
                "confusion_matrix: y_true {y_true_shape} and y_pred {y_pred_shape} must have one prediction per label"
            ).format(y_true_shape=y_true.shape, y_pred_shape=y_pred.shape)
        )
    for name, arr in (("y_true", y_true), ("y_pred", y_pred)):
        if arr.size and arr.min() < 0:
            raise ValueError(
                _(
                    "confusion_matrix: class numbers must be >= 0, got {low} in {name}; classes are numbered 0, 1, 2, ..."
                ).format(low=int(arr.min()), name=name)
            )
    K = int(max(y_true.max(initial=-1), y_pred.max(initial=-1)) + 1) if num_classes is None else num_classes
    if y_true.size and max(y_true.max(), y_pred.max()) >= K:
        raise ValueError(
            _(
                "confusion_matrix: with num_classes={K} the classes are 0..{k_1}, got {high}; pass a larger num_classes or leave it out"
            ).format(K=K, k_1=K - 1, high=int(max(y_true.max(), y_pred.max())))
        )
    return np.bincount(y_true * K + y_pred, minlength=K * K).reshape(K, K)


# --------------------------------------------------------------------------- the loop


def blas_threads(n: int | None):
    """A context that limits numpy's BLAS threads to ``n`` (None: no change).

    Uses ``threadpoolctl`` (installed with scikit-learn) when it is there; otherwise does nothing.
    """
    from contextlib import nullcontext

    if n is None:
        return nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional
        return nullcontext()
    return threadpool_limits(limits=int(n), user_api="blas")


def fit(
    model,
    x_train,
    y_train,
    *,
    optimizer,
    epochs: int = 5,
    batch_size: int = 100,
    x_val=None,
    y_val=None,
    loss_fn=None,
    augment=None,
    seed=0,
    progress="auto",
    plot=True,
    target_accuracy=None,
    lr_schedule: dict | None = None,
    history: History | None = None,
    threads: int | None = None,
) -> History:
    """Train ``model`` with mini-batches (ミニバッチ); evaluate on (x_val, y_val) after every epoch.

    x_train (N, ...), y_train (N,) int labels;  batch_size examples per update, reshuffled every epoch.
    optimizer : SGD or Adam (updates the model's params in place)
    augment : None, an int m (shift each training image by up to m pixels, ``data.random_shift``),
        or a callable ``(x_batch, rng) -> x_batch``
    seed : seeds the shuffling and augmentation (the model's initial weights come from its own rng)
    progress : "auto" (a widget in a notebook, text elsewhere), "text", "widget", False (silent),
        or any object with ``batch(done, text)``, ``epoch(history, text)`` and ``close(text)``
        methods (the protocol of ``helpers.progress``; e.g. ``progress=TextProgress()``)
    plot : draw live loss / accuracy curves under the progress bar (notebook only)
    target_accuracy : stop as soon as the held-out accuracy reaches it
    lr_schedule : {epoch: learning rate}, e.g. {13: 1e-4}: from epoch 13 on (counting from 1) the
        optimizer's ``lr`` is 1e-4 (learning-rate decay: smaller, calmer steps at the end)
    history : continue an existing History (epochs and seconds keep counting)
    threads : limit numpy's BLAS to this many threads while training (None: numpy's default). With
        batches of 100 the matrix products are small; on a busy shared machine one thread can avoid
        threads waiting for each other and be faster.
    returns a :class:`History`.
    raises TrainingDiverged at the first non-finite loss (the history so far is in ``.history``);
    warns TrainingWarning (once per fit, at the end of the epoch) when a batch's loss is 100 times
        the first batch's.
    """
    if threads is not None:
        threads = whole(threads, "threads", "fit", minimum=1, example=1)
    with blas_threads(threads):
        return _fit(
            model,
            x_train,
            y_train,
            optimizer=optimizer,
            epochs=epochs,
            batch_size=batch_size,
            x_val=x_val,
            y_val=y_val,
            loss_fn=loss_fn,
            augment=augment,
            seed=seed,
            progress=progress,
            plot=plot,
            target_accuracy=target_accuracy,
            lr_schedule=lr_schedule,
            history=history,
        )


def _fit(
    model,
    x_train,
    y_train,
    *,
    optimizer,
    epochs,
    batch_size,
    x_val,
    y_val,
    loss_fn,
    augment,
    seed,
    progress,
    plot,
    target_accuracy,
    lr_schedule,
    history,
) -> History:
    check_model(model, "fit")
    x_train, y_train = check_data(x_train, y_train, "fit", ("x_train", "y_train"))
    if (x_val is None) != (y_val is None):
        given, missing = ("x_val", "y_val") if y_val is None else ("y_val", "x_val")
        raise ValueError(
            _(
                "fit: {given} was given without {missing}; held-out data needs both images and labels: pass x_val=..., y_val=... together, or neither"
            ).format(given=given, missing=missing)
        )
    has_val = x_val is not None
    if has_val:
        x_val, y_val = check_data(x_val, y_val, "fit", ("x_val", "y_val"))
    if target_accuracy is not None:
        if not has_val:
            raise ValueError(_("fit: target_accuracy needs held-out data: pass x_val and y_val"))
        target_accuracy = real(
            target_accuracy, "target_accuracy", "fit", low=0.0, high=1.0, high_open=False, example=0.97
        )
    epochs = whole(epochs, "epochs", "fit", minimum=1, example=5)
    batch_size = whole(batch_size, "batch_size", "fit", minimum=1, example=100)
    optimizer = check_optimizer(optimizer)
    schedule = check_schedule(lr_schedule)
    augment = check_augment(augment)
    if history is not None and not isinstance(history, History):
        raise TypeError(
            _("fit: history must be a History from an earlier fit, got {kind}").format(kind=type(history).__name__)
        )
    if not (progress in (False, None) or isinstance(progress, str) or _is_progress(progress)):
        raise TypeError(
            _(
                "fit: progress must be 'auto', 'text', 'widget', False, or an object with the methods batch(done, text), epoch(history, text) and close(text); got {progress!r}"
            ).format(progress=progress)
        )
    if isinstance(progress, str) and progress not in ("auto", "text", "widget"):
        raise ValueError(
            _("fit: progress must be 'auto', 'text' or 'widget' when it is text, got {progress!r}").format(
                progress=progress
            )
        )
    loss_fn = SoftmaxCrossEntropy() if loss_fn is None else loss_fn
    rng = np.random.default_rng(seed)
    if augment is None or callable(augment):
        aug = augment
    else:
        from .data import random_shift

        m = augment
        aug = lambda xb, r: random_shift(xb, m, rng=r)  # noqa: E731

    N = len(x_train)
    batches = (N + batch_size - 1) // batch_size
    hist = History() if history is None else history
    start_epoch = hist.epoch[-1] if hist.epoch else 0
    trained = hist.seconds[-1] if hist.seconds else 0.0
    if isinstance(progress, str):
        from .progress import make_progress

        bar = make_progress(progress, epochs * batches, bool(plot and has_val))
    else:
        bar = progress or None
    model.train()
    first_loss = hist.batch_loss[0] if hist.batch_loss else None  # the loss before any learning
    warned = False
    for e in range(1, epochs + 1):
        if start_epoch + e in schedule:
            optimizer.lr = float(schedule[start_epoch + e])
        t0 = time.perf_counter()
        order = rng.permutation(N)
        loss_sum, correct = 0.0, 0
        for b in range(batches):
            idx = order[b * batch_size : (b + 1) * batch_size]
            xb, yb = x_train[idx], y_train[idx]
            if aug is not None:
                xb = aug(xb, rng)
            logits = model.forward(xb)
            loss = loss_fn.forward(logits, yb)
            if not math.isfinite(loss):
                hist.batch_loss.append(loss)
                message = diverged_message(loss, start_epoch + e, b + 1, getattr(optimizer, "lr", None))
                if bar is not None:
                    bar.close(_("stopped: the loss became {loss} (see the error below)").format(loss=loss))
                raise TrainingDiverged(message, hist)
            model.backward(loss_fn.backward())
            optimizer.step(model)
            loss_sum += loss * len(idx)
            correct += int((logits.argmax(axis=1) == yb).sum())
            hist.batch_loss.append(loss)
            first_loss = loss if first_loss is None else first_loss
            if bar is not None:
                bar.batch(
                    (e - 1) * batches + b + 1,
                    _("epoch {epoch}/{epochs} · batch {batch}/{batches} · loss {loss:.3f}").format(
                        epoch=start_epoch + e, epochs=start_epoch + epochs, batch=b + 1, batches=batches, loss=loss
                    ),
                )
        trained += time.perf_counter() - t0
        hist.epoch.append(start_epoch + e)
        hist.train_loss.append(loss_sum / N)
        hist.train_acc.append(correct / N)
        hist.seconds.append(trained)
        if not warned and first_loss and max(hist.batch_loss[-batches:]) > GROWTH_WARNING * first_loss:
            warned = True
            warnings.warn(
                f"fit: the training loss grew from {first_loss:.3g} to {max(hist.batch_loss[-batches:]):.3g} (more than "
                f"{GROWTH_WARNING:g} times) by epoch {start_epoch + e}; the learning rate "
                f"(lr={optimizer.lr:g}) is probably too high: try 1e-3 for Adam or 0.01 for SGD",
                TrainingWarning,
                stacklevel=3,
            )
        text = _("epoch {epoch}/{epochs}: train loss {loss:.4f}, train acc {acc:.4f}").format(
            epoch=start_epoch + e, epochs=start_epoch + epochs, loss=loss_sum / N, acc=correct / N
        )
        if has_val:
            ev = evaluate(model, x_val, y_val, loss_fn=loss_fn)
            hist.val_loss.append(ev.loss)
            hist.val_acc.append(ev.accuracy)
            text += _(", held-out acc {acc:.4f}").format(acc=ev.accuracy)
        text += _(" ({seconds:.1f} s of training)").format(seconds=trained)
        if bar is not None:
            bar.epoch(hist, text)
        if target_accuracy is not None and hist.val_acc[-1] >= target_accuracy:
            break
    if bar is not None:
        best = _(", best held-out accuracy {acc:.4f}").format(acc=max(hist.val_acc)) if has_val else ""
        bar.close(
            _("done: {epochs} epochs in {seconds:.1f} s of training{best}").format(
                epochs=hist.epoch[-1], seconds=trained, best=best
            )
        )
    return hist


def _is_progress(obj) -> bool:
    return all(callable(getattr(obj, m, None)) for m in ("batch", "epoch", "close"))

"""``Sequential``: layers applied one after another, with a summary, train/eval modes and .npz weights.

from helpers.layers import Conv2D, ReLU, MaxPool2D, Flatten, Linear
from helpers.model import Sequential
model = Sequential(Conv2D(1, 30, 5), ReLU(), MaxPool2D(2), Flatten(), Linear(4320, 100), ReLU(),
                   Linear(100, 10))
print(model.summary((1, 28, 28)))    # layer, output shape, parameters, total
logits = model.forward(x)            # x (N, 1, 28, 28) -> (N, 10)
dx = model.backward(dlogits)         # fills every layer's grads
model.save("weights.npz"); model.load("weights.npz")
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .i18n import _
from .layers import Layer
from .model_summary import ModelSummary, _check_shape  # noqa: F401 (re-exported: the summary table)

__all__ = ["Sequential", "ModelSummary", "simple_convnet"]


class Sequential:
    """Layers applied in order. ``forward(x)`` runs them first to last, ``backward(dout)`` last to first.

    Sequential(*layers)
    forward(x) -> the last layer's output;  backward(dout) -> dL/dx (None if the first layer skips it)
    train() / eval(): set every layer's ``training`` flag (Dropout is active only in training)
    named_params() -> [(name, param, grad)], names like "0.W" (layer index, key)
    summary(input_shape) -> ModelSummary (layer, output shape, parameters, total)
    save(path) / load(path): every parameter in one .npz file, keys "0.W", "0.b", ...
    """

    def __init__(self, *layers):
        if len(layers) == 1 and isinstance(layers[0], (list, tuple)):
            layers = tuple(layers[0])
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                hint = (
                    _(" (did you pass the class instead of an instance? write ReLU(), not ReLU)")
                    if isinstance(layer, type)
                    else ""
                )
                raise TypeError(
                    _("Sequential: item {i} is {layer!r}, not a layer{hint}").format(i=i, layer=layer, hint=hint)
                )
        self.layers = list(layers)
        self.training = True

    def __repr__(self):
        inner = ",\n".join(f"  ({i}) {layer!r}" for i, layer in enumerate(self.layers))
        return f"Sequential(\n{inner}\n)"

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, i):
        return self.layers[i]

    def __iter__(self):
        return iter(self.layers)

    # ------------------------------------------------------------------ passes
    def forward(self, x, *, upto: int | None = None):
        """Run the layers in order; ``upto=k`` stops after layer k (0-based) and returns its output."""
        stop = len(self.layers) if upto is None else upto + 1
        for layer in self.layers[:stop]:
            x = layer.forward(x)
        return x

    __call__ = forward

    def backward(self, dout):
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
            if dout is None:
                break
        return dout

    def predict(self, x, batch_size: int = 500):
        """Class numbers (N,) in eval mode, in batches (the mode is restored afterwards)."""
        x = np.asarray(x)
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ValueError(
                _("predict: batch_size must be a whole number >= 1, got {batch_size!r}; e.g. 500").format(
                    batch_size=batch_size
                )
            )
        was = self.training
        self.eval()
        try:
            if len(x) == 0:  # an empty batch: no classes, but the right (0,) shape and dtype
                return np.zeros(0, dtype=np.int64)
            return np.concatenate(
                [self.forward(x[i : i + batch_size]).argmax(axis=1) for i in range(0, len(x), batch_size)]
            )
        finally:
            if was:
                self.train()

    # ------------------------------------------------------------------ modes
    def train(self):
        self.training = True
        for layer in self.layers:
            layer.training = True
        return self

    def eval(self):
        self.training = False
        for layer in self.layers:
            layer.training = False
        return self

    # ------------------------------------------------------------------ parameters
    def named_params(self):
        """[(name, param array, grad array)] for every parameter, names "index.key" (e.g. "0.W")."""
        return [
            (f"{i}.{key}", layer.params[key], layer.grads[key])
            for i, layer in enumerate(self.layers)
            for key in layer.params
        ]

    @property
    def param_count(self) -> int:
        return int(sum(layer.param_count for layer in self.layers))

    def zero_grads(self):
        for layer in self.layers:
            for g in layer.grads.values():
                g[...] = 0

    def summary(self, input_shape) -> ModelSummary:
        """Trace the shapes through every layer and count the parameters.

        input_shape : one example's shape, e.g. (1, 28, 28) for (C, H, W) (the batch axis N is
            left out; (N, C, H, W) is accepted too and N is dropped from the table).
        A layer that cannot take its input stops the trace; the message is in ``.error`` and in the table.
        """
        shape = _check_shape(input_shape)
        if len(shape) in (1, 3):
            shape = (1,) + shape
        rows, total, error = [], 0, None
        for i, layer in enumerate(self.layers):
            try:
                shape = layer.output_shape(shape)
            except ValueError as exc:
                error = str(exc)
                break
            rows.append((i, repr(layer), shape[1:], layer.param_count, layer.param_formula()))
            total += layer.param_count
        given = _check_shape(input_shape)
        return ModelSummary(given[-3:] if len(given) == 4 else given, rows, total, error)

    def output_shape(self, input_shape):
        """The output shape for an input (N, ...), raising the first layer's error if one does not fit."""
        shape = tuple(input_shape)
        for layer in self.layers:
            shape = layer.output_shape(shape)
        return shape

    # ------------------------------------------------------------------ weights on disk
    def state_dict(self) -> dict[str, np.ndarray]:
        return {name: p.copy() for name, p, _ in self.named_params()}

    def load_state_dict(self, state, *, source: str = "the weights") -> Sequential:
        mine = {name: p for name, p, _ in self.named_params()}
        missing = sorted(set(mine) - set(state))
        extra = sorted(set(state) - set(mine))
        if missing or extra:
            raise ValueError(
                _(
                    "Sequential.load: {source} do not fit this model: missing {missing_or_nothing}, unexpected {extra_or_nothing}; build the same layers in the same order as when saving"
                ).format(source=source, missing_or_nothing=missing or "nothing", extra_or_nothing=extra or "nothing")
            )
        for name, p in mine.items():
            value = np.asarray(state[name])
            if value.shape != p.shape:
                raise ValueError(
                    _(
                        "Sequential.load: {name} has shape {value_shape} in {source} but {p_shape} in this model (layer {layer!r})"
                    ).format(
                        name=name,
                        value_shape=value.shape,
                        source=source,
                        p_shape=p.shape,
                        layer=self.layers[int(name.split(".")[0])],
                    )
                )
            p[...] = value.astype(p.dtype, copy=False)  # in place: optimizers keep their references
        return self

    def save(self, path) -> Path:
        """Save every parameter to one .npz file (keys "0.W", "0.b", ...); returns the path.

        The path rule (shared with :meth:`load`): ".npz" is added unless the name ends in it,
        so ``save("mynet")`` writes mynet.npz and ``load("mynet")`` reads it back; another suffix
        (``save("x.txt")``) is a ValueError naming the fix, never a silent x.txt.npz.
        """
        path = npz_path(path, "Sequential.save")
        folder = path.parent
        if not folder.is_dir():
            raise FileNotFoundError(
                f"Sequential.save: the folder {str(folder)!r} does not exist, so {path.name!r} cannot be "
                f"written there; create it first (Path({str(folder)!r}).mkdir(parents=True)) or save elsewhere"
            )
        if path.is_dir():
            raise IsADirectoryError(f"Sequential.save: {str(path)!r} is a folder; pass a file name, e.g. 'weights.npz'")
        state = self.state_dict()
        _warn_not_finite(state, "Sequential.save", "saving them anyway")
        _save_npz(path, state)
        return path

    def load(self, path) -> Sequential:
        """Load parameters saved by :meth:`save` into this model (same layers, same order).

        The same name as for :meth:`save` works (".npz" is added when missing). A file that is not
        such an .npz (corrupt, text, empty, a single .npy array) or holds NaN/inf is refused with a
        ValueError saying what was expected; the model is left unchanged then.
        """
        given = Path(path) if isinstance(path, (str, Path)) else path
        path = npz_path(path, "Sequential.load")
        if not path.exists() and isinstance(given, Path) and given.is_file():
            path = given  # a file under another name: try it (and explain if it is not an .npz)
        if not path.exists():
            raise FileNotFoundError(
                f"Sequential.load: no file {str(path)!r}; save one first with model.save({str(path)!r})"
            )
        if path.is_dir():
            raise IsADirectoryError(f"Sequential.load: {str(path)!r} is a folder, not a weights file (.npz)")
        state = _read_npz(path)
        bad = _not_finite(state)
        if bad:
            raise ValueError(
                _(
                    "Sequential.load: {str_path!r} holds weights that are not finite numbers (NaN or inf in {join_bad}); it was saved from a model whose training diverged: train again with a smaller learning rate (e.g. 1e-3) and save that model"
                ).format(str_path=str(path), join_bad=", ".join(bad))
            )
        return self.load_state_dict(state, source=str(path))


def npz_path(path, func: str = "Sequential.save") -> Path:
    """The one path rule of save and load: ``path`` as a Path ending in ".npz" (added when there is no
    suffix); another suffix ("x.txt") is refused, since save would otherwise write a file the learner did
    not name (x.txt.npz)."""
    if isinstance(path, bytes) or not isinstance(path, (str, Path)):
        raise TypeError(
            _("{func}: path must be a file name (str or Path), got {path!r}; e.g. 'weights.npz'").format(
                func=func, path=path
            )
        )
    if str(path).strip() == "":
        raise ValueError(_("{func}: path is empty; pass a file name, e.g. 'weights.npz'").format(func=func))
    path = Path(path)
    # a file-type suffix (letters first: ".txt", ".pkl", ".pt", ".h5"), not a version dot as in "v1.2"
    if path.suffix != ".npz" and path.suffix[1:2].isalpha():
        raise ValueError(
            _(
                "{func}: path={str_path!r} ends in {path_suffix!r}, but the weights are stored as a .npz archive written by Sequential.save (a zip of arrays), not a {path_suffix} file; pass {str_path_with_suffix_npz!r}, or a name without a suffix, e.g. {path_stem!r} (then .npz is added)"
            ).format(
                func=func,
                str_path=str(path),
                path_suffix=path.suffix,
                str_path_with_suffix_npz=str(path.with_suffix(".npz")),
                path_stem=path.stem,
            )
        )
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")


_EXPECTED = "a .npz file written by Sequential.save (a zip of arrays named '0.W', '0.b', ...)"


def _read_npz(path: Path) -> dict:
    """Every array of a .npz written by save, or a ValueError naming Sequential.load and what was expected."""
    import zipfile
    import zlib

    def refuse(what):
        return ValueError(f"Sequential.load: {str(path)!r} is {what}, not {_EXPECTED}; save the model again")

    if path.stat().st_size == 0:
        raise refuse("empty (0 bytes)")
    try:
        data = np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, UnicodeError, zlib.error) as exc:
        raise refuse(f"not readable as saved weights ({type(exc).__name__})") from None
    if not isinstance(data, np.lib.npyio.NpzFile):
        raise refuse("a single array (.npy)")
    try:
        with data:
            return {k: np.asarray(data[k]) for k in data.files}
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, KeyError, UnicodeError, zlib.error) as exc:
        raise refuse(f"damaged or truncated ({type(exc).__name__})") from None


def _not_finite(state: dict) -> list[str]:
    return [k for k, v in state.items() if not (np.issubdtype(v.dtype, np.number) and np.isfinite(v).all())]


def _warn_not_finite(state: dict, func: str, what: str) -> None:
    bad = _not_finite(state)
    if bad:
        import warnings

        warnings.warn(
            f"{func}: the weights {', '.join(bad)} hold NaN or inf (training diverged?); {what}. "
            f"Sequential.load will refuse this file",
            RuntimeWarning,
            stacklevel=3,
        )


def _save_npz(path: Path, arrays: dict) -> None:
    """Like ``np.savez_compressed``, but byte-for-byte reproducible: fixed timestamps in the zip.

    The same weights give the same file, so re-running a notebook does not change a committed .npz.
    """
    import zipfile

    tmp = path.with_name(path.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w", force_zip64=True) as f:
                np.lib.format.write_array(f, np.asanyarray(array), allow_pickle=False)
    tmp.replace(path)


def simple_convnet(*, rng=None, dtype=np.float64, input_grad=False, filters=30, hidden=100):
    """The SimpleConvNet of notebook 08 for 1x28x28 digits.

    Conv 30x5x5 -> ReLU -> MaxPool 2 -> Flatten -> Linear 4320->100 -> ReLU -> Linear 100->10
    (28 -> 24 after the 5x5 convolution, -> 12 after pooling; 30*12*12 = 4320 features).
    """
    from .layers import Conv2D, Flatten, Linear, MaxPool2D, ReLU

    rng = np.random.default_rng(0) if rng is None else rng
    return Sequential(
        Conv2D(1, filters, 5, rng=rng, dtype=dtype, input_grad=input_grad),
        ReLU(),
        MaxPool2D(2),
        Flatten(),
        Linear(filters * 12 * 12, hidden, rng=rng, dtype=dtype),
        ReLU(),
        Linear(hidden, 10, rng=rng, dtype=dtype),
    )

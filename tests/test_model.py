"""Sequential (summary, modes, save/load) and the optimizers."""

import numpy as np
import pytest

from helpers import layers as L
from helpers.model import Sequential, simple_convnet
from helpers.optim import SGD, Adam


def cifar_net(flatten=True):
    r = np.random.default_rng(0)
    layers = (
        [L.Conv2D(3, 8, 5, rng=r), L.ReLU(), L.MaxPool2D(2), L.Conv2D(8, 16, 5, rng=r), L.ReLU(), L.MaxPool2D(2)]
        + ([L.Flatten()] if flatten else [])
        + [L.Linear(400, 256, rng=r), L.ReLU(), L.Dropout(0.5), L.Linear(256, 10, rng=r)]
    )
    return Sequential(*layers)


def test_simple_convnet_summary():
    s = simple_convnet().summary((1, 28, 28))
    assert s.output_shapes == [(30, 24, 24), (30, 24, 24), (30, 12, 12), (4320,), (100,), (100,), (10,)]
    assert s.param_counts == [780, 0, 0, 0, 432_100, 0, 1010]
    assert s.total == 433_890 and s.error is None
    text = str(s)
    assert "Conv2D(1, 30, 5)" in text and "30×12×12" in text and "total parameters: 433,890" in text


def test_3x32x32_network_summary():
    s = cifar_net().summary((3, 32, 32))
    assert [shape[-1] for shape in s.output_shapes[:6]] == [28, 28, 14, 10, 10, 5]
    assert s.output_shapes[6] == (400,)
    assert s.param_counts == [608, 0, 0, 3216, 0, 0, 0, 102_656, 0, 0, 2570]
    assert s.total == 109_050
    assert "8×3×5×5 + 8" in str(s) and "400×256 + 256" in str(s)


def test_summary_of_the_forgotten_flatten_stops_with_the_reason():
    s = cifar_net(flatten=False).summary((3, 32, 32))
    assert len(s.rows) == 6 and s.error is not None
    assert "Add Flatten()" in s.error and "✗ stopped at layer 6" in str(s)
    with pytest.raises(ValueError, match=r"Add Flatten\(\)"):
        cifar_net(flatten=False).forward(np.zeros((2, 3, 32, 32)))


def test_forward_backward_and_modes():
    model = cifar_net()
    x = np.random.default_rng(1).standard_normal((2, 3, 32, 32))
    out = model.forward(x)
    assert out.shape == (2, 10) == model.output_shape(x.shape)
    dx = model.backward(np.ones_like(out))
    assert dx.shape == x.shape
    model.eval()
    assert not any(layer.training for layer in model) and not model.training
    a, b = model.forward(x), model.forward(x)
    np.testing.assert_array_equal(a, b)  # eval mode: no dropout, deterministic
    model.train()
    assert all(layer.training for layer in model)
    assert model.forward(x, upto=2).shape == (2, 8, 14, 14)


def test_first_layer_without_input_grad_stops_backward():
    model = simple_convnet(rng=np.random.default_rng(0))
    out = model.forward(np.zeros((2, 1, 28, 28)))
    assert model.backward(np.ones_like(out)) is None
    assert model[0].grads["W"].shape == (30, 1, 5, 5)


def test_sequential_rejects_non_layers():
    with pytest.raises(TypeError, match=r"write ReLU\(\), not ReLU"):
        Sequential(L.Linear(2, 2), L.ReLU)


def test_save_and_load_round_trip(tmp_path):
    a = simple_convnet(rng=np.random.default_rng(1), dtype=np.float32)
    path = a.save(tmp_path / "w")
    assert path.suffix == ".npz"
    b = simple_convnet(rng=np.random.default_rng(2), dtype=np.float32)
    W_before = b[0].params["W"]
    b.load(path)
    assert b[0].params["W"] is W_before  # loaded in place
    for (n1, p1, _), (n2, p2, _) in zip(a.named_params(), b.named_params()):
        assert n1 == n2
        np.testing.assert_array_equal(p1, p2)
    x = np.random.default_rng(3).random((2, 1, 28, 28)).astype(np.float32)
    np.testing.assert_array_equal(a.forward(x), b.forward(x))


def test_load_errors(tmp_path):
    path = simple_convnet().save(tmp_path / "w.npz")
    with pytest.raises(ValueError, match="shape"):
        simple_convnet(filters=20).load(path)
    with pytest.raises(ValueError, match="missing"):
        Sequential(L.Linear(2, 2)).load(path)
    with pytest.raises(FileNotFoundError, match="no file"):
        simple_convnet().load(tmp_path / "nothing.npz")


def test_sgd_plain_and_momentum():
    lin = L.Linear(2, 1, rng=np.random.default_rng(0))
    lin.params["W"][...] = [[1.0, 2.0]]
    lin.grads["W"][...] = [[0.5, -1.0]]
    lin.grads["b"][...] = [1.0]
    SGD(0.1).step([lin])
    np.testing.assert_allclose(lin.params["W"], [[0.95, 2.1]])
    np.testing.assert_allclose(lin.params["b"], [-0.1])
    opt = SGD(0.1, momentum=0.9)
    opt.step([lin])  # v = -0.1 g
    opt.step([lin])  # v = 0.9 * (-0.1 g) - 0.1 g = -0.19 g
    np.testing.assert_allclose(lin.params["b"], [-0.1 - 0.1 - 0.19])


def test_adam_first_step_is_lr_times_sign():
    params = {"W": np.array([1.0, -1.0, 0.0])}
    grads = {"W": np.array([3.0, -0.001, 100.0])}
    Adam(0.01).update(params, grads)
    np.testing.assert_allclose(params["W"], [0.99, -0.99, -0.01], rtol=1e-6)


def test_adam_minimises_a_quadratic():
    p = {"x": np.array([5.0, -3.0])}
    opt = Adam(0.1)
    for _ in range(500):
        opt.update(p, {"x": 2 * p["x"]})
    assert np.abs(p["x"]).max() < 0.05


@pytest.mark.parametrize("bad", [0, -1e-3, "0.1", True])
def test_bad_learning_rate(bad):
    with pytest.raises((ValueError, TypeError), match="learning rate"):
        Adam(bad)


def test_the_committed_trained_weights_reach_97_percent():
    from helpers.assets import weights_path
    from helpers.data import load_digits28
    from helpers.training import evaluate

    path = weights_path("simple_convnet_digits.npz")
    model = simple_convnet(dtype=np.float32).load(path)
    _, (xv, yv) = load_digits28()
    assert evaluate(model, xv, yv).accuracy >= 0.97


def test_save_is_reproducible_byte_for_byte(tmp_path):
    a = simple_convnet(rng=np.random.default_rng(1), dtype=np.float32)
    import zipfile

    p1 = a.save(tmp_path / "one.npz")
    p2 = a.save(tmp_path / "two.npz")
    assert p1.read_bytes() == p2.read_bytes()
    with zipfile.ZipFile(p1) as zf:  # no clock time inside the file
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    with np.load(p1) as data:
        assert sorted(data.files) == ["0.W", "0.b", "4.W", "4.b", "6.W", "6.b"]


# --------------------------------------------------------------------------- issue 15: edges of Sequential


def small_net():
    r = np.random.default_rng(0)
    return Sequential(L.Flatten(), L.Linear(16, 3, rng=r))


def test_predict_on_an_empty_batch_is_empty():
    out = small_net().predict(np.zeros((0, 1, 4, 4)))
    assert out.shape == (0,) and out.dtype == np.int64
    x = np.random.default_rng(1).random((7, 1, 4, 4))
    np.testing.assert_array_equal(small_net().predict(x, batch_size=3), small_net().forward(x).argmax(axis=1))


@pytest.mark.parametrize(
    "shape, exc, message",
    [
        ("1 28 28", TypeError, "input_shape must be a tuple"),
        ((1, 28.5, 28), TypeError, "whole number, got 28.5"),
        ((1, 0, 28), ValueError, ">= 1, got 0"),
        ((1, 2, 3, 4, 5), ValueError, "1 to 4 sizes"),
        (28, TypeError, "must be a tuple"),
        ((1, None, 28), TypeError, "got None"),
    ],
)
def test_summary_refuses_bad_shapes(shape, exc, message):
    with pytest.raises(exc, match=message):
        simple_convnet().summary(shape)


def test_summary_accepts_numpy_sizes_and_a_batch_axis():
    a = simple_convnet().summary((np.int64(1), 28, 28))
    b = simple_convnet().summary([5, 1, 28, 28])
    assert a.output_shapes == b.output_shapes and a.input_shape == b.input_shape == (1, 28, 28)


def test_save_and_load_share_one_path_rule(tmp_path):
    a, b = simple_convnet(), simple_convnet(rng=np.random.default_rng(5))
    assert a.save(tmp_path / "mynet") == tmp_path / "mynet.npz"
    b.load(tmp_path / "mynet")  # the same name as given to save
    np.testing.assert_array_equal(a[0].params["W"], b[0].params["W"])
    assert a.save(str(tmp_path / "v1.2")) == tmp_path / "v1.2.npz"  # a dot in the name is not a suffix
    simple_convnet().load(str(tmp_path / "v1.2"))


@pytest.mark.parametrize("name", ["x.txt", "weights.pt", "model.h5", "net.pkl"])
def test_save_refuses_another_file_type_instead_of_writing_name_npz(tmp_path, name):
    for method in (simple_convnet().save, simple_convnet().load):
        with pytest.raises(ValueError, match=r"path=.*\.npz archive.*pass .*\.npz"):
            method(tmp_path / name)
    assert list(tmp_path.iterdir()) == []  # nothing written (no x.txt.npz)


def _bad_files(tmp_path):
    good = simple_convnet().save(tmp_path / "good.npz").read_bytes()
    files = {
        "text.npz": b"these are not weights\n",
        "empty.npz": b"",
        "truncated.npz": good[: len(good) // 2],
        "pickle.npz": b"\x80\x04K\x01.",
        "random.npz": np.random.default_rng(0).bytes(300),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    np.save(tmp_path / "one.npy", np.zeros(3))
    return list(files) + ["one.npy"]


def test_unreadable_files_get_a_message_naming_load(tmp_path):
    for name in _bad_files(tmp_path):
        model = simple_convnet()
        before = model[0].params["W"].copy()
        with pytest.raises(ValueError) as info:
            model.load(tmp_path / name)
        text = str(info.value)
        assert text.startswith("Sequential.load:") and "written by Sequential.save" in text, (name, text)
        assert "allow_pickle" not in text and ".part" not in text
        np.testing.assert_array_equal(model[0].params["W"], before)


def test_saving_into_a_missing_folder_names_the_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"folder '.*nowhere' does not exist") as info:
        simple_convnet().save(tmp_path / "nowhere" / "w")
    assert ".part" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_nan_weights_warned_on_save_and_refused_on_load(tmp_path):
    m = simple_convnet()
    m[4].params["b"][3] = np.nan
    with pytest.warns(RuntimeWarning, match="4.b hold NaN or inf"):
        path = m.save(tmp_path / "nan")
    fresh = simple_convnet(rng=np.random.default_rng(9))
    before = fresh[4].params["b"].copy()
    with pytest.raises(ValueError, match=r"not finite numbers \(NaN or inf in 4.b\)"):
        fresh.load(path)
    np.testing.assert_array_equal(fresh[4].params["b"], before)

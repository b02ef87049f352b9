import numpy as np
import pytest

from coding_katas.comparators import compare
from coding_katas.models import Comparator
from coding_katas.wire import WireError, decode, encode


def roundtrip(v):
    return decode(encode(v))


def test_arrays_and_nested_values_round_trip():
    v = {"w": np.arange(6, dtype=np.float32).reshape(2, 3), "b": 1.5, "t": (1, [2, np.nan], "s")}
    out = roundtrip(v)
    assert out["w"].dtype == np.float32 and out["w"].shape == (2, 3)
    assert out["t"][0] == 1 and np.isnan(out["t"][1][1])


def test_lying_objects_cannot_travel():
    class Liar:
        def __eq__(self, other):
            return True

    with pytest.raises(WireError):
        encode(Liar())

    class LyingFloat(float):
        def __eq__(self, other):
            return True

    assert type(roundtrip(LyingFloat(2.0))) is float


def test_malformed_wire_data_is_rejected():
    for bad in ({"__ndarray__": {"dtype": "<f8", "shape": [3], "data": [1, 2]}},
                {"__ndarray__": {"dtype": "O", "shape": [1], "data": [1]}},
                {"evil": 1}):
        with pytest.raises(WireError):
            decode(bad)


def test_allclose_checks_shape_and_reports_diagnostics():
    c = Comparator(kind="allclose", rtol=1e-6, atol=1e-9)
    assert compare(np.ones(3), np.ones(3) + 1e-12, c).ok
    r = compare(np.ones(3), np.ones((3, 1)), c)
    assert not r.ok and r.diagnostics["reason"] == "shape mismatch"
    r = compare(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.5, np.nan]), c)
    assert not r.ok and r.diagnostics["first_bad_index"] == (1,) and r.diagnostics["unexpected_nans"] == 1
    assert not compare([], [5.0], c).ok  # np.allclose([], [5.0]) is True; ours is not


def test_tuple_of_array_and_float():
    c = Comparator()
    assert compare((np.zeros(2), 1.0), (np.zeros(2), 1.0 + 1e-12), c).ok
    assert not compare((np.zeros(2), 1.0), (np.zeros(2),), c).ok


def test_exact_and_unordered():
    assert compare([1, None, "a"], [1, None, "a"], Comparator(kind="exact")).ok
    assert not compare([1, 2], [2, 1], Comparator(kind="exact")).ok
    assert compare([1, 2, 2], [2, 1, 2], Comparator(kind="unordered")).ok
    assert not compare([1, 2, 2], [2, 1], Comparator(kind="unordered")).ok
    assert compare([1, 2, 2], [2, 1], Comparator(kind="set")).ok

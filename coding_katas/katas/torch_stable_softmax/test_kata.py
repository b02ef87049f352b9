from types import SimpleNamespace

import numpy as np
import torch

from coding_katas.scenarios import hidden, sample

NEG = float("-inf")
# float32 results use the kata comparator (rtol 1e-5, atol 1e-6: a float64 computation or torch.log_softmax
# differs from the reference by up to ~2e-7 near 0). float16 results are compared to about two float16 ulps
# (the last rounding may differ by one);
# bfloat16 results (returned as float32, NumPy has no bfloat16) to about two bfloat16 ulps.
HALF = {"kind": "allclose", "rtol": 2e-3, "atol": 1e-6}
BF16 = {"kind": "allclose", "rtol": 1e-2, "atol": 1e-5}


def _gen(seed):
    return torch.Generator().manual_seed(seed)


def _both(m, x, dim=-1):
    return [m.stable_softmax(x, dim), m.stable_log_softmax(x, dim)]


def _float64_builtin(x, dim, log):
    """Independent model: torch's own softmax / log_softmax kernels on the float64 upcast of x, rounded to x's dtype
    at the end. The one change is for slices that are entirely -inf, where torch gives nan and the contract asks
    for all 0.0 (softmax) or all -inf (log-softmax)."""
    z = x.double()
    fully_masked = torch.isneginf(z).all(dim=dim, keepdim=True)
    out = torch.log_softmax(z, dim) if log else torch.softmax(z, dim)
    return torch.where(fully_masked, NEG if log else 0.0, out).to(x.dtype)


def _model_softmax(x, dim=-1):
    return _float64_builtin(x, dim, log=False)


def _model_log_softmax(x, dim=-1):
    return _float64_builtin(x, dim, log=True)


_MODEL = SimpleNamespace(stable_softmax=_model_softmax, stable_log_softmax=_model_log_softmax)


def _expected_from_model(declare, **options):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL), **options)(fn)


@sample(expected=[np.array([[0.09003057, 0.24472847, 0.66524096], [0.0, 0.0, 0.0], [0.73105858, 0.0, 0.26894142]]),
                  np.array([[-2.40760596, -1.40760596, -0.40760596], [NEG, NEG, NEG],
                            [-0.31326169, NEG, -1.31326169]])])
def prompt_example(m):
    """float32 rows [1, 2, 3], [-inf, -inf, -inf] and [0, -inf, -1]: softmax and log-softmax"""
    x = torch.tensor([[1.0, 2.0, 3.0], [NEG, NEG, NEG], [0.0, NEG, -1.0]])
    return _both(m, x)


@sample(expected=[np.array([1.0, 0.0, 0.0]), np.array([0.0, -1e4, -2e4])])
def huge_logits_float32(m):
    """x = [1e4, 0, -1e4] in float32: no overflow, and the log-probabilities stay finite"""
    return _both(m, torch.tensor([1e4, 0.0, -1e4]))


@_expected_from_model(sample, comparator=HALF)
def long_float16_row(m):
    """70,000 zeros in float16: each probability is 1/70000 (a float16 sum would overflow to inf)"""
    x = torch.zeros(70_000, dtype=torch.float16)
    p, lp = _both(m, x)
    return [p[:5], lp[:5], float(p.float().sum()), str(p.dtype), str(lp.dtype)]


@_expected_from_model(hidden)
def log_softmax_is_not_log_of_softmax(m):
    """float32 [0, -200] and [5, -120, -300]: probabilities underflow to 0, log-probabilities stay finite"""
    return [m.stable_log_softmax(torch.tensor([0.0, -200.0])), m.stable_log_softmax(torch.tensor([5.0, -120.0, -300.0]))]  # noqa: E501


@_expected_from_model(hidden)
def masked_rows_among_normal_rows(m):
    """a (4, 6) batch of attention scores: row 1 fully masked, row 3 partly masked"""
    x = torch.randn(4, 6, generator=_gen(1)) * 3
    x[1] = NEG
    x[3, ::2] = NEG
    return _both(m, x)


@_expected_from_model(hidden, comparator=HALF)
def float16_inputs(m):
    """float16 scores of magnitude up to ~40 with a masked row: result in float16"""
    x = (torch.randn(5, 16, generator=_gen(2)) * 12).half()
    x[2] = NEG
    x[4, :10] = NEG
    p, lp = _both(m, x)
    return [p, lp, str(p.dtype), str(lp.dtype)]


@_expected_from_model(hidden, comparator=BF16)
def bfloat16_inputs(m):
    """bfloat16 scores of magnitude up to ~1000, a masked row; returned as float32 with the original dtype name"""
    x = (torch.randn(4, 32, generator=_gen(3)) * 300).bfloat16()
    x[0] = NEG
    p, lp = _both(m, x)
    return [p.float(), lp.float(), str(p.dtype), str(lp.dtype)]


@_expected_from_model(hidden, comparator=HALF)
def float16_long_rows_log_softmax(m):
    """(2, 40000) float16 rows with small random values: log-softmax around -10.6"""
    x = (torch.randn(2, 40_000, generator=_gen(4)) * 0.5).half()
    return [m.stable_log_softmax(x)[:, :8], m.stable_softmax(x)[:, :8]]


@_expected_from_model(hidden)
def other_dims(m):
    """a (3, 4, 5) tensor along dim 0 and dim 1, with a fully masked slice along dim 1"""
    x = torch.randn(3, 4, 5, generator=_gen(5)) * 4
    x[2, :, 3] = NEG
    return [_both(m, x, 0), _both(m, x, 1)]


@hidden(expected=[np.array([[1.0], [1.0], [0.0]]), np.array([[0.0], [0.0], [NEG]])])
def single_element_slices(m):
    """shape (3, 1): one entry per row, the last one -inf"""
    return _both(m, torch.tensor([[7.0], [-3000.0], [NEG]]))


@_expected_from_model(hidden, comparator={"kind": "allclose", "rtol": 1e-12, "atol": 1e-15})
def float64_stays_float64(m):
    """float64 input: computed and returned in float64, compared to 1e-12"""
    x = torch.randn(3, 9, generator=_gen(6), dtype=torch.float64) * 50
    x[1, :4] = NEG
    p, lp = _both(m, x)
    return [p, lp, str(p.dtype), str(lp.dtype)]


@_expected_from_model(hidden)
def input_is_not_modified(m):
    x = torch.tensor([[3.0, NEG, 1.0], [NEG, NEG, NEG]])
    h = torch.tensor([2.0, 1.0, 0.0], dtype=torch.float16)
    _both(m, x)
    _both(m, h)
    return [x, h.float(), str(h.dtype)]


@_expected_from_model(hidden)
def large_batch_float32(m):
    """(64, 512) float32 logits with random -inf masks and 3 fully masked rows"""
    x = torch.randn(64, 512, generator=_gen(7)) * 8
    x[torch.rand(64, 512, generator=_gen(8)) < 0.3] = NEG
    x[[5, 17, 40]] = NEG
    return _both(m, x)


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_on_finite_inputs(solution):
    for dtype in (torch.float32, torch.float64):
        x = torch.randn(6, 7, 8, generator=_gen(10), dtype=dtype) * 20
        for dim in (0, 1, -1):
            torch.testing.assert_close(solution.stable_softmax(x, dim), torch.softmax(x, dim))
            torch.testing.assert_close(solution.stable_log_softmax(x, dim), torch.log_softmax(x, dim))


def test_half_precision_matches_float32_torch_then_rounding(solution):
    x = torch.randn(8, 300, generator=_gen(11)) * 10
    x[3] = NEG
    for dtype in (torch.float16, torch.bfloat16):
        xl = x.to(dtype)
        expected = torch.nan_to_num(torch.softmax(xl.float(), -1), nan=0.0).to(dtype)
        torch.testing.assert_close(solution.stable_softmax(xl), expected, rtol=0, atol=0)


def test_float64_and_builtin_answers_are_accepted(solution):
    """The float32 tolerance admits two correct answers that round differently from the reference:
    computing in float64 then casting back, and torch.log_softmax / torch.softmax on the upcast input."""
    from coding_katas.comparators import compare
    from coding_katas.models import Comparator

    x = torch.randn(64, 512, generator=_gen(7)) * 8
    x[torch.rand(64, 512, generator=_gen(8)) < 0.3] = NEG
    x[[5, 17, 40]] = NEG
    masked = torch.isneginf(x).all(dim=-1, keepdim=True)
    via_float64 = [torch.nan_to_num(torch.softmax(x.double(), -1), nan=0.0).float(),
                   torch.where(masked, NEG, torch.log_softmax(x.double(), -1)).float()]
    via_builtin = [torch.where(masked, 0.0, torch.softmax(x, -1)), torch.where(masked, NEG, torch.log_softmax(x, -1))]
    reference = [t.numpy() for t in _both(solution, x)]
    kata_comparator = Comparator(kind="allclose", rtol=1e-5, atol=1e-6)
    for answer in (via_float64, via_builtin):
        assert compare(reference, [t.numpy() for t in answer], kata_comparator).ok

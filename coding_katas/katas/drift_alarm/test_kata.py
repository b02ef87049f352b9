import numpy as np

from coding_katas.scenarios import hidden, sample

REF = np.array([0.0, 1.0, 2.0, 3.0])
STREAM = np.array([0.0, 1, 2, 3, 2, 5, 6, 7, 8, 1, 2, 3, 1])


def _shifted_stream(seed, n, start, shift, scale=1.0):
    """Standard normal values, shifted by `shift` (and scaled) from index `start` on."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    x[start:] = x[start:] * scale + shift
    return x


def _ks(stream, ref, window):
    """KS statistic of every full window: max |F_w - F_r| over the pooled values, CDFs by searchsorted(right)."""
    stream, r = np.asarray(stream, float), np.sort(np.asarray(ref, float))
    out = []
    for i in range(stream.size - window + 1):
        w = np.sort(stream[i:i + window])
        pts = np.concatenate([w, r])
        gaps = np.searchsorted(w, pts, "right") / w.size - np.searchsorted(r, pts, "right") / r.size
        out.append(np.max(np.abs(gaps)))
    return np.array(out, dtype=float)


def _psi(stream, ref, window, edges, eps=1e-4):
    """PSI of every full window by a plain loop: bin = number of interior edges <= value (outer bins open)."""
    inner = list(edges[1:-1])

    def fractions(values):
        counts = np.bincount(np.searchsorted(inner, values, side="right"), minlength=len(edges) - 1)
        return [max(c / len(values), eps) for c in counts]

    r = fractions(ref)
    return np.array([sum((wb - rb) * np.log(wb / rb) for wb, rb in zip(fractions(stream[i:i + window]), r, strict=True))
                     for i in range(len(stream) - window + 1)], dtype=float)


def _alarms(scores, window, threshold, patience):
    alarms, run = [], 0
    for i, s in enumerate(scores):
        run = run + 1 if s > threshold else 0
        if run == patience:
            alarms.append(i + window - 1)
            run = 0
    return alarms


def _outcome(fn):
    try:
        fn()
    except ValueError:
        return "ValueError"
    except Exception as exc:  # noqa: BLE001 - the wrong exception type is an observation too
        return type(exc).__name__
    return "no error"


@sample(expected=[8])
def example_alarms(m):
    """the prompt's example: window 4, threshold 0.5 (strict), patience 2"""
    return m.drift_alarms(STREAM, REF, 4, 0.5, 2)


@sample(expected=np.array([0.0, 0.25, 0.5, 0.5, 0.75, 1.0, 0.75, 0.5, 0.25, 0.25]))
def example_ks_scores(m):
    """the prompt's example: KS score of each window of 4, windows ending at t = 3 .. 12"""
    return m.window_scores(STREAM, REF, 4)


@sample(expected=np.array([0.0, -0.25 * np.log(0.5) + 0.25 * np.log(1.5),
                           (1e-4 - 0.5) * np.log(1e-4 / 0.5) + 0.5 * np.log(2.0)]))
def psi_two_bins(m):
    """PSI, edges [0, 2, 4], reference [0, 1, 2, 3] (half per bin), windows of 4 over [0, 1, 2, 3, 9, 9]; 9 > 4 is in the last bin"""
    return m.window_scores(np.array([0.0, 1, 2, 3, 9, 9]), REF, 4, method="psi", bin_edges=np.array([0.0, 2, 4]))


_STRICT = np.array([0.0, 1, 2, 3, 3, 3, 3, 9, 9, 9, 9, 0, 1, 2])


# By hand: windows end at t = 3..13; the largest gap sits at x = 1, 2 or 3 (0.75 = F_r(2) for the all-3 and
# 3-and-9 windows, 1 for the all-9 window).
@hidden(expected=[np.array([0, 0.25, 0.5, 0.75, 0.75, 0.75, 0.75, 1, 0.75, 0.5, 0.25]),
                  [5, 6, 7, 8, 9, 10, 11, 12], [10], [], [6, 7, 8, 9, 10, 11]])
def threshold_is_strict(m):
    """KS scores are exact multiples of 1/4: thresholds equal to a score, patience 1"""
    stream = _STRICT
    return [m.window_scores(stream, REF, 4), m.drift_alarms(stream, REF, 4, 0.25, 1),
            m.drift_alarms(stream, REF, 4, 0.75, 1), m.drift_alarms(stream, REF, 4, 1.0, 1),
            m.drift_alarms(stream, REF, 4, 0.7499, 1)]


_PERSIST = (_shifted_stream(1, 400, 300, 3.0), np.random.default_rng(2).normal(size=300))


@hidden(expected=[_alarms(_ks(*_PERSIST, 20), 20, 0.5, p) for p in (5, 7)])
def persistent_drift_fires_every_patience_windows(m):
    """a shift of 3 from index 300 to the end: the alarm repeats every `patience` hot windows"""
    x, ref = _PERSIST
    return [m.drift_alarms(x, ref, 20, 0.5, 5), m.drift_alarms(x, ref, 20, 0.5, 7)]


# By hand: with window 1 against zeros the score is 1 at each 5 and 0 at each 0; runs end at t = 2, 7, 12
# (lengths 2, 3, 4).
@hidden(expected=[np.array([0.0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0]), [7, 11], [12]])
def runs_shorter_than_patience(m):
    """hot runs of 2 and 3 windows separated by cold ones, patience 3 and 4"""
    ref = np.zeros(5)
    stream = np.array([0.0, 5, 5, 0, 0, 5, 5, 5, 0, 5, 5, 5, 5, 0])
    return [m.window_scores(stream, ref, 1), m.drift_alarms(stream, ref, 1, 0.5, 3),
            m.drift_alarms(stream, ref, 1, 0.5, 4)]


_P1 = (_shifted_stream(3, 120, 60, 1.5), np.random.default_rng(4).normal(size=200))


@hidden(expected=_alarms(_ks(*_P1, 10), 10, 0.4, 1))
def patience_one(m):
    return m.drift_alarms(*_P1, 10, 0.4, 1)


# By hand: the only window of 5 is 0..4; the largest gap is at x = 3 (4/5 vs 4/4).
@hidden(expected=[np.zeros(0), [], np.zeros(0), [], np.array([0.2])])
def stream_shorter_than_window(m):
    """T = 5 < window = 6: no window, no score, no alarm (for both methods)"""
    x = np.arange(5.0)
    return [m.window_scores(x, REF, 6), m.drift_alarms(x, REF, 6, 0.1, 1),
            m.window_scores(x, REF, 6, method="psi", bin_edges=np.array([0.0, 1, 2])),
            m.drift_alarms(x, REF, 6, 0.1, 1, method="psi", bin_edges=np.array([0.0, 1, 2])),
            m.window_scores(x, REF, 5)]


# By hand: a single value v scores max(#{ref < v}, 4 - #{ref <= v}) / 4: 1.5 -> 0.5, -2 -> 1, 0 -> 0.75, 3 -> 0.75,
# 2 -> 0.5, 7 -> 1. Hot (> 0.6) at t = 1, 2, 3, 5: the alarm fires at 2, the counter resets, 3 and 5 are runs of one.
@hidden(expected=[np.array([0.5, 1, 0.75, 0.75, 0.5, 1]), [2]])
def window_of_one(m):
    stream = np.array([1.5, -2.0, 0.0, 3.0, 2.0, 7.0])
    return [m.window_scores(stream, REF, 1), m.drift_alarms(stream, REF, 1, 0.6, 2)]


def _poisson_case():
    rng = np.random.default_rng(5)
    return np.concatenate([rng.poisson(2.0, 150), rng.poisson(3.0, 150)]), rng.poisson(2.0, 200)


@hidden(expected=[_ks(*_poisson_case(), 25), _alarms(_ks(*_poisson_case(), 25), 25, 0.25, 10)])
def ks_with_integer_ties(m):
    """Poisson counts in the stream and the reference: ties everywhere"""
    stream, ref = _poisson_case()
    return [m.window_scores(stream, ref, 25), m.drift_alarms(stream, ref, 25, 0.25, 10)]


_OUTER = (np.array([-5.0, -1.0, 0.0, 1.0, 2.0, 2.5, 9.0, -0.5, 0.5, 1.0, 0.0, -3.0]),
          np.array([-0.5, -0.5, 0.5, 0.5, 1.5, 1.5, 0.0, 1.0]), np.array([-1.0, 0.0, 1.0, 2.0]))


@hidden(expected=[_psi(*_OUTER[:2], 4, _OUTER[2]), _alarms(_psi(*_OUTER[:2], 4, _OUTER[2]), 4, 1.0, 2)])
def psi_outer_bins_and_edges(m):
    """edges [-1, 0, 1, 2]: values below -1 and above 2 land in the outer bins, values on an edge go right"""
    edges = np.array([-1.0, 0.0, 1.0, 2.0])
    ref = np.array([-0.5, -0.5, 0.5, 0.5, 1.5, 1.5, 0.0, 1.0])
    stream = np.array([-5.0, -1.0, 0.0, 1.0, 2.0, 2.5, 9.0, -0.5, 0.5, 1.0, 0.0, -3.0])
    return [m.window_scores(stream, ref, 4, method="psi", bin_edges=edges),
            m.drift_alarms(stream, ref, 4, 1.0, 2, method="psi", bin_edges=edges)]


_EPS_CASE = (np.array([0.5, 1.5, 2.5, 2.6, 0.1, 1.2, 2.2, 0.3]), np.array([0.2, 0.4, 1.1, 1.7, 0.9]),
             np.array([0.0, 1.0, 2.0, 3.0]))


@hidden(expected=[_psi(*_EPS_CASE[:2], 3, _EPS_CASE[2], eps=1e-2), _psi(*_EPS_CASE[:2], 3, _EPS_CASE[2], eps=1e-6)])
def psi_custom_eps(m):
    """a bin empty in the reference, eps 1e-2 and 1e-6"""
    edges = np.array([0.0, 1.0, 2.0, 3.0])
    ref = np.array([0.2, 0.4, 1.1, 1.7, 0.9])
    stream = np.array([0.5, 1.5, 2.5, 2.6, 0.1, 1.2, 2.2, 0.3])
    return [m.window_scores(stream, ref, 3, method="psi", bin_edges=edges, eps=1e-2),
            m.window_scores(stream, ref, 3, method="psi", bin_edges=edges, eps=1e-6)]


def _scale_case():
    ref = np.random.default_rng(6).normal(size=2000)
    return _shifted_stream(7, 1200, 500, 0.0, scale=1.8), ref, np.quantile(ref, np.linspace(0, 1, 11))


@hidden(expected=_alarms(_psi(_scale_case()[0], _scale_case()[1], 100, _scale_case()[2]), 100, 0.2, 20))
def psi_alarms_on_a_scale_drift(m):
    """variance grows from index 500: PSI on 10 deciles of the reference, window 100, patience 20"""
    x, ref, edges = _scale_case()
    return m.drift_alarms(x, ref, 100, 0.2, 20, method="psi", bin_edges=edges)


@hidden(comparator={"kind": "exact"}, expected=["ValueError"] * 7)
def invalid_arguments_raise(m):
    x = np.arange(10.0)
    return [_outcome(lambda: m.window_scores(x, REF, 0)),
            _outcome(lambda: m.drift_alarms(x, REF, 3, 0.1, 0)),
            _outcome(lambda: m.window_scores(x, np.array([]), 3)),
            _outcome(lambda: m.window_scores(x, REF, 3, method="kl")),
            _outcome(lambda: m.window_scores(x, REF, 3, method="psi")),
            _outcome(lambda: m.window_scores(x, REF, 3, method="psi", bin_edges=np.array([1.0]))),
            _outcome(lambda: m.window_scores(x, REF, 3, method="psi", bin_edges=np.array([0.0, 2.0, 2.0, 3.0])))]


@hidden(expected=[np.array([3.0, 1.0, 2.0, 9.0, 0.0, 4.0]), np.array([2.0, 0.0, 1.0]), np.array([0.0, 1.5, 3.0])])
def inputs_are_not_modified(m):
    stream = np.array([3.0, 1.0, 2.0, 9.0, 0.0, 4.0])
    ref = np.array([2.0, 0.0, 1.0])
    edges = np.array([0.0, 1.5, 3.0])
    m.drift_alarms(stream, ref, 3, 0.1, 1)
    m.drift_alarms(stream, ref, 3, 0.1, 1, method="psi", bin_edges=edges)
    return [stream, ref, edges]


_LONG = (_shifted_stream(8, 3000, 2000, 0.6), np.random.default_rng(9).normal(size=1000))
_LONG_KS = _ks(*_LONG, 100)


@hidden(expected=[_LONG_KS, _alarms(_LONG_KS, 100, 0.2, 25)])
def long_ks_stream(m):
    """3,000 values, a small shift from index 2,000; window 100, reference 1,000, patience 25"""
    x, ref = _LONG
    return [m.window_scores(x, ref, 100), m.drift_alarms(x, ref, 100, 0.2, 25)]


# Independent checks of the reference itself (plain pytest only).
def test_ks_scores_match_scipy(solution):
    from scipy.stats import ks_2samp

    rng = np.random.default_rng(0)
    stream = np.concatenate([rng.poisson(2.0, 60), rng.normal(1.0, 2.0, 60).round(1)])
    ref = rng.poisson(2.5, 80).astype(float)
    scores = solution.window_scores(stream, ref, 15)
    expected = [ks_2samp(stream[i:i + 15], ref).statistic for i in range(stream.size - 14)]
    np.testing.assert_allclose(scores, expected, rtol=0, atol=1e-12)


def test_psi_and_alarms_match_a_plain_loop(solution):
    import math

    rng = np.random.default_rng(1)
    ref = rng.normal(size=300)
    stream = np.concatenate([rng.normal(size=200), rng.normal(0.8, 1.0, size=200)])
    edges = np.array([-1.5, -0.5, 0.0, 0.5, 1.5])

    def fractions(values):
        counts = [0] * 4
        for v in values:
            b = 0 if v < -0.5 else 1 if v < 0.0 else 2 if v < 0.5 else 3
            counts[b] += 1
        return [max(c / len(values), 1e-4) for c in counts]

    r = fractions(ref)
    scores = []
    for i in range(stream.size - 30 + 1):
        w = fractions(stream[i:i + 30])
        scores.append(sum((wb - rb) * math.log(wb / rb) for wb, rb in zip(w, r, strict=True)))
    np.testing.assert_allclose(solution.window_scores(stream, ref, 30, method="psi", bin_edges=edges), scores,
                               rtol=1e-12, atol=1e-14)
    alarms, run = [], 0
    for i, s in enumerate(scores):
        run = run + 1 if s > 0.15 else 0
        if run == 6:
            alarms.append(i + 29)
            run = 0
    assert solution.drift_alarms(stream, ref, 30, 0.15, 6, method="psi", bin_edges=edges) == alarms
    assert len(alarms) > 3

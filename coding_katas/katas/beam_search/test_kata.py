from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample

L = np.log


def _table_lm(table, default):
    """step_fn from a dict prefix -> probabilities (their logs are returned); other prefixes use default."""
    with np.errstate(divide="ignore"):  # probability 0 -> log-prob -inf
        stored = {prefix: np.log(np.array(p, dtype=float)) for prefix, p in table.items()}
        fallback = np.log(np.array(default, dtype=float))

    def step_fn(prefix):
        return stored.get(tuple(int(t) for t in prefix), fallback)

    step_fn.stored, step_fn.fallback = stored, fallback
    return step_fn


def _constant_lm(values):
    """The same log-prob vector after every prefix (a fresh copy each call)."""
    values = np.array(values, dtype=float)
    return lambda prefix: values.copy()


def _random_lm(seed, vocab, eos_id, eos_drift=0.0, banned=()):
    """A deterministic pseudo-model: log-softmax of normal logits seeded by the prefix.

    EOS becomes likelier by eos_drift per generated token; banned tokens get -inf."""
    def step_fn(prefix):
        prefix = [int(t) for t in prefix]
        logits = np.random.default_rng([seed, len(prefix), *prefix]).normal(size=vocab) * 2.0
        logits[eos_id] += eos_drift * len(prefix)
        logits[list(banned)] = -np.inf
        top = logits.max()
        return logits - top - np.log(np.exp(logits - top).sum())

    return step_fn


def _run(m, step_fn, *args, **kwargs):
    return [(list(map(int, tokens)), float(score)) for tokens, score in m.beam_search(step_fn, *args, **kwargs)]


def _spec_beam(step_fn, beam_width, max_len, eos_id, length_penalty=0.0):
    """Independent model: the prompt's algorithm with explicit (score, token, beam) sort keys."""
    alive, finished = [((), 0.0)], []
    for _ in range(max_len):
        if not alive:
            break
        k = beam_width - len(finished)
        cands = []
        for j, (tokens, logp) in enumerate(alive):
            row = step_fn(tokens)
            cands += [(logp + float(row[v]), v, j, tokens + (v,)) for v in range(len(row)) if np.isfinite(row[v])]
        cands.sort(key=lambda c: (-c[0], c[1], c[2]))
        alive = []
        for score, v, _, tokens in cands[:k]:
            (finished if v == eos_id else alive).append((tokens, score))
    finished += alive
    scored = [(list(t), lp / len(t) ** length_penalty) for t, lp in finished]
    return sorted(scored, key=lambda h: -h[1])


_MODEL = SimpleNamespace(beam_search=_spec_beam)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


EXAMPLE = {(): [0.1, 0.5, 0.4], (1,): [0.4, 0.3, 0.3], (2,): [0.9, 0.05, 0.05]}


@sample(expected=[([2, 0], L(0.4) + L(0.9)), ([1, 0], L(0.5) + L(0.4))])
def example_from_prompt(m):
    """the prompt's table (eos_id 0, other prefixes [0.8, 0.1, 0.1]), beam_width 2, max_len 3"""
    return _run(m, _table_lm(EXAMPLE, [0.8, 0.1, 0.1]), 2, 3, 0)


@sample(expected=[([1, 0], L(0.5) + L(0.4))])
def greedy_is_beam_width_one(m):
    """the same table with beam_width 1"""
    return _run(m, _table_lm(EXAMPLE, [0.8, 0.1, 0.1]), 1, 3, 0)


@sample(expected=[([0, 0], -2.0), ([1, 0], -2.0), ([2, 0], -2.0)])
def all_tied_lower_token_then_earlier_beam(m):
    """every token scores -1.0 after every prefix; V = 4, eos_id 3, beam_width 3, max_len 2"""
    return _run(m, _constant_lm([-1.0] * 4), 3, 2, 3)


@hidden(expected=[[([0], -1.0), ([1, 0], -1.0), ([2, 0], -1.0)],
                  [([0], -1.0), ([1, 0], -2.0), ([2, 0], -2.0)]])
def eos_ties_with_and_without_length_penalty(m):
    """all scores -1.0, V = 3, eos_id 0, beam_width 3, max_len 4; alpha 1 then alpha 0"""
    lm = _constant_lm([-1.0] * 3)
    return [_run(m, lm, 3, 4, 0, length_penalty=1.0), _run(m, lm, 3, 4, 0)]


@hidden(expected=[([2], -1.0), ([0, 0], -1.0), ([1, 0], -1.0)])
def final_ties_keep_append_order(m):
    """all scores -1.0, V = 3, eos_id 2, beam_width 3, max_len 2, alpha 1: [2] finished first"""
    return _run(m, _constant_lm([-1.0] * 3), 3, 2, 2, length_penalty=1.0)


@_expected_from_model(hidden)
def length_penalty_reverses_ranking(m):
    """EOS at once has 0.4, token 1 then EOS has 0.6 * 0.6; alpha 0 and alpha 1"""
    lm = _table_lm({(): [0.4, 0.6, 0.0], (1,): [0.6, 0.2, 0.2]}, [1.0, 0.0, 0.0])
    return [_run(m, lm, 2, 4, 0), _run(m, lm, 2, 4, 0, length_penalty=1.0)]


@_expected_from_model(hidden)
def finishing_at_different_steps(m):
    """random model, V = 6, EOS drifting up, beam_width 3, max_len 6, alpha 0, 0.6 and 1"""
    lm = _random_lm(1, 6, 0, eos_drift=0.8)
    return [_run(m, lm, 3, 6, 0, length_penalty=a) for a in (0.0, 0.6, 1.0)]


@_expected_from_model(hidden)
def max_len_reached_without_eos(m):
    """EOS is always -inf: every hypothesis stops at max_len 4 without it; V = 5, beam_width 3"""
    return _run(m, _random_lm(2, 5, 4, banned=(4,)), 3, 4, 4)


@_expected_from_model(hidden)
def fewer_finite_candidates_than_beam(m):
    """only tokens 1 and 2 are finite, eos_id 2, beam_width 5, max_len 3"""
    return _run(m, _random_lm(3, 6, 2, banned=(0, 3, 4, 5)), 5, 3, 2, length_penalty=0.5)


@_expected_from_model(hidden)
def beam_wider_than_vocabulary(m):
    """V = 3, eos_id 1, beam_width 10, max_len 3: the beam refills to k = beam_width - finished"""
    return _run(m, _random_lm(4, 3, 1), 10, 3, 1)


@_expected_from_model(hidden)
def eos_best_at_first_step(m):
    """EOS has probability 0.7 at the first step; beam_width 2, max_len 3"""
    lm = _table_lm({(): [0.7, 0.2, 0.1], (1,): [0.1, 0.1, 0.8], (2,): [0.5, 0.25, 0.25]}, [0.3, 0.3, 0.4])
    return _run(m, lm, 2, 3, 0)


@hidden(expected=[([0, 0, 0, 0], -4.0)])
def greedy_ties_go_to_lowest_token(m):
    """beam_width 1 with all scores -1.0, V = 5, eos_id 4, max_len 4"""
    return _run(m, _constant_lm([-1.0] * 5), 1, 4, 4)


@_expected_from_model(hidden)
def greedy_random_model(m):
    """beam_width 1, random model, V = 30, eos_id 0, max_len 10"""
    return _run(m, _random_lm(5, 30, 0, eos_drift=0.3), 1, 10, 0)


@_expected_from_model(hidden)
def step_outputs_are_not_modified(m):
    """step_fn returns the same stored arrays on every call; return them after the search"""
    lm = _table_lm(EXAMPLE, [0.8, 0.1, 0.1])
    m.beam_search(lm, 3, 4, 0, length_penalty=0.5)
    return [lm.stored[k] for k in sorted(lm.stored)] + [lm.fallback]


@_expected_from_model(hidden)
def larger_random_search(m):
    """V = 50, eos_id 0 drifting up, beam_width 5, max_len 12, alpha 0.8"""
    return _run(m, _random_lm(6, 50, 0, eos_drift=0.6), 5, 12, 0, length_penalty=0.8)


# Independent checks of the reference itself (plain pytest only).
def test_beam_one_matches_greedy_loop(solution):
    for seed in range(10):
        lm = _random_lm(100 + seed, 12, 3, eos_drift=0.4)
        tokens, logp = [], 0.0
        for _ in range(8):
            lp = lm(tuple(tokens))
            v = int(np.argmax(lp))  # np.argmax returns the first maximum
            tokens.append(v)
            logp += lp[v]
            if v == 3:
                break
        got = solution.beam_search(lm, 1, 8, 3)
        assert got[0][0] == tokens and np.isclose(got[0][1], logp) and len(got) == 1


def test_wide_beam_is_exhaustive_search(solution):
    # With a beam as wide as the number of sequences, nothing is pruned: compare with brute force.
    import itertools

    vocab, eos, max_len = 3, 0, 3
    lm = _random_lm(7, vocab, eos)
    complete = []
    for n in range(1, max_len + 1):
        for seq in itertools.product(range(vocab), repeat=n):
            if eos in seq[:-1] or (n < max_len and seq[-1] != eos):
                continue
            complete.append((list(seq), sum(lm(seq[:i])[t] for i, t in enumerate(seq))))
    complete.sort(key=lambda h: -h[1])
    got = solution.beam_search(lm, len(complete), max_len, eos)
    assert [t for t, _ in got] == [t for t, _ in complete]
    np.testing.assert_allclose([s for _, s in got], [s for _, s in complete], rtol=1e-12)

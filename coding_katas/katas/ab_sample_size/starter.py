import math
from statistics import NormalDist


def ab_sample_size(baseline_rate: float, mde: float, alpha: float = 0.05, power: float = 0.8) -> int:
    """Users needed in EACH arm to detect an absolute change `mde` from `baseline_rate`.

    p1 = baseline_rate, p2 = baseline_rate + mde, p_bar = (p1 + p2) / 2,
    n = ceil((z_{1-alpha/2} sqrt(2 p_bar (1 - p_bar)) + z_{power} sqrt(p1 (1-p1) + p2 (1-p2)))**2 / mde**2).
    Raises ValueError unless 0 < p1 < 1, 0 < p2 < 1, mde != 0, 0 < alpha < 1 and 0 < power < 1.
    """
    raise NotImplementedError

def online_elo(battles: list[tuple[str, str, str]], k: float = 4.0, scale: float = 400.0, base: float = 10.0,
               init: float = 1000.0) -> dict[str, float]:
    """Sequential Elo updates over the battles in order."""
    raise NotImplementedError


def bradley_terry(battles: list[tuple[str, str, str]], scale: float = 400.0, base: float = 10.0,
                  init: float = 1000.0, max_iters: int = 100_000, tol: float = 1e-12) -> dict[str, float]:
    """Bradley-Terry maximum likelihood by MM iterations (ties = half a win each), on the Elo scale."""
    raise NotImplementedError

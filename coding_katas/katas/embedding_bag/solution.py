import numpy as np


def embedding_bag(weight: np.ndarray, indices: np.ndarray, offsets: np.ndarray, mode: str = "mean",
                  per_sample_weights: np.ndarray | None = None) -> np.ndarray:
    if mode not in ("sum", "mean"):
        raise ValueError(f"mode must be 'sum' or 'mean', got {mode!r}")
    if per_sample_weights is not None and mode != "sum":
        raise ValueError("per_sample_weights is only supported with mode='sum'")
    weight = np.asarray(weight, dtype=float)
    indices = np.asarray(indices, dtype=np.int64)
    offsets = np.asarray(offsets, dtype=np.int64)
    n_items, n_bags = len(indices), len(offsets)
    if n_bags == 0:
        if n_items:
            raise ValueError("indices given but no bags")
        return np.zeros((0, weight.shape[1]))
    if offsets[0] != 0 or np.any(np.diff(offsets) < 0) or offsets[-1] > n_items:
        raise ValueError("offsets must start at 0, never decrease and not exceed len(indices)")

    sizes = np.diff(np.append(offsets, n_items))
    bag_of = np.repeat(np.arange(n_bags), sizes)  # the bag each entry of indices belongs to
    rows = weight[indices]
    if per_sample_weights is not None:
        rows = rows * np.asarray(per_sample_weights, dtype=float)[:, None]
    out = np.zeros((n_bags, weight.shape[1]))
    np.add.at(out, bag_of, rows)
    if mode == "mean":
        out /= np.maximum(sizes, 1)[:, None]
    return out

"""The kata catalogue: size, spread over the curriculum, PyTorch share, difficulty and budgets."""

from collections import Counter

from coding_katas.loader import KATAS_DIR, load_katas

KATAS = [k.kata for k in load_katas().katas]
# The 37 katas the spec requires (shared/specs/katas-required.md), by id.
REQUIRED = [
    'softmax', 'cross_entropy', 'cosine_similarity_matrix', 'pca', 'linear_regression', 'logistic_regression',
    'kmeans', 'knn', 'best_split', 'roc_auc', 'precision_recall_f1', 'ndcg', 'ks_statistic', 'ab_test', 'psi',
    'layer_norm', 'batch_norm', 'conv2d', 'max_pool2d', 'mlp_backprop', 'lstm_cell', 'adam', 'attention',
    'multi_head_attention', 'positional_encoding', 'bpe', 'sampling_filter', 'lora', 'ddpm_forward',
    'int8_quantization', 'lru_cache', 'token_bucket', 'consistent_hashing', 'vector_search', 'backoff',
    'torch_causal_attention', 'torch_lora',
]


def test_catalogue_size_and_required_ids():
    catalogue = load_katas()
    assert catalogue.errors == ()
    # Every kata folder loads (a folder the loader skipped would shrink the catalogue without an error).
    ids = {k.kata.id for k in catalogue.katas}
    assert ids == {p.parent.name for p in KATAS_DIR.glob("*/kata.yaml")} and len(ids) >= 65
    assert set(REQUIRED) <= ids


def test_every_kata_area_is_represented():
    areas = Counter(k.area for k in KATAS)
    for area in ("foundations", "machine-learning", "deep-learning", "generative-ai", "backend-for-ai", "mlops"):
        assert areas[area] >= 4, area


def test_pytorch_share_and_difficulty_spread():
    assert sum(k.runtime == "torch" for k in KATAS) >= 6
    assert sum(k.difficulty == "hard" for k in KATAS) / len(KATAS) >= 0.20
    assert all(10 <= k.time_budget_min <= 45 for k in KATAS)

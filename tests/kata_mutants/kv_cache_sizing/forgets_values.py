# Counts only the keys (n_kv_heads * head_dim) and forgets the values.
def _elems_per_token_per_layer(config):
    if config["attention"] == "gqa":
        return config["n_kv_heads"] * config["head_dim"]
    if config["attention"] == "mla":
        return config["kv_lora_rank"] + config["rope_dim"]  # one latent plus the shared rotary key
    raise ValueError(f"unknown attention {config['attention']!r}")


def _slots(tokens, block_size):
    return -(-tokens // block_size) * block_size  # whole blocks per layer


def kv_cache_bytes(config, seq_len, block_size=1):
    n_sliding = config.get("n_sliding_layers", 0)
    window = config.get("sliding_window", seq_len)
    slots = (config["n_layers"] - n_sliding) * _slots(seq_len, block_size) + \
        n_sliding * _slots(min(seq_len, window), block_size)
    return slots * _elems_per_token_per_layer(config) * config["bytes_per_elem"]


def max_concurrent_sequences(config, seq_len, gpu_bytes, weight_bytes, block_size=16, utilization_pct=90,
                             reserve_bytes=0):
    budget = gpu_bytes * utilization_pct // 100 - weight_bytes - reserve_bytes
    if budget <= 0:
        return 0
    return budget // kv_cache_bytes(config, seq_len, block_size)

# Does not stamp blocks on a match, so recency only counts inserts.
class _Node:
    def __init__(self, parent, used, order):
        self.parent, self.used, self.order, self.children = parent, used, order, 0


class PrefixCache:
    def __init__(self, block_size, capacity):
        self.block_size, self.capacity = block_size, capacity
        self.nodes = {}  # key -> _Node; a key is (parent key, block tokens), i.e. the whole prefix
        self.clock = 0
        self.inserted = 0

    def _keys(self, tokens):
        key, b = None, self.block_size
        for j in range(len(tokens) // b):  # full blocks only
            key = (key, tuple(tokens[j * b:(j + 1) * b]))
            yield key

    def match(self, tokens):
        self.clock += 1
        matched = 0
        for key in self._keys(tokens):
            if key not in self.nodes:
                break
            matched += 1
        # The last prompt token is always recomputed (its logits are needed); reuse stays block-aligned.
        return min(matched * self.block_size, (len(tokens) - 1) // self.block_size * self.block_size)

    def _evict_one(self):
        leaves = [(n.used, n.order, k) for k, n in self.nodes.items() if n.children == 0 and n.used != self.clock]
        if not leaves:
            return False
        _, _, key = min(leaves)
        node = self.nodes.pop(key)
        if node.parent is not None:
            self.nodes[node.parent].children -= 1
        return True

    def insert(self, tokens):
        self.clock += 1
        added = 0
        for key in self._keys(tokens):
            if key in self.nodes:
                self.nodes[key].used = self.clock
                continue
            if len(self.nodes) >= self.capacity and not self._evict_one():
                break  # only this call's own path is left: the rest is not cached
            parent = key[0]
            self.nodes[key] = _Node(parent, self.clock, self.inserted)
            self.inserted += 1
            if parent is not None:
                self.nodes[parent].children += 1
            added += 1
        return added

    def __len__(self):
        return len(self.nodes)

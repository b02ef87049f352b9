# Evicts before inserting, even when the key is only being updated.
from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.d = OrderedDict()

    def get(self, key):
        if key not in self.d:
            return None
        self.d.move_to_end(key)
        return self.d[key]

    def put(self, key, value):
        if len(self.d) >= self.capacity:
            self.d.popitem(last=False)
        self.d[key] = value
        self.d.move_to_end(key)

    def __len__(self):
        return len(self.d)

# Treats falsy values (0, "") as misses and does not refresh them.
class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.d = {}

    def get(self, key):
        value = self.d.get(key)
        if not value:
            return None
        del self.d[key]
        self.d[key] = value
        return value

    def put(self, key, value):
        self.d.pop(key, None)
        self.d[key] = value
        if len(self.d) > self.capacity:
            del self.d[next(iter(self.d))]

    def __len__(self):
        return len(self.d)

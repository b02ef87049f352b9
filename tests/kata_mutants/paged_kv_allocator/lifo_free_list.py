# Reuses the most recently freed block first (a stack) instead of the lowest free id.
class PagedKVCache:
    def __init__(self, num_blocks, block_size):
        self.block_size = block_size
        self._free = list(range(num_blocks))[::-1]  # a min-heap: the lowest free block id is handed out first
        self._refs = [0] * num_blocks
        self._tables = {}   # seq_id -> list of physical block ids
        self._lengths = {}  # seq_id -> number of tokens

    def _blocks_for(self, n_tokens):
        return -(-n_tokens // self.block_size)

    def _take(self, n):
        if n > len(self._free):
            raise MemoryError(f"need {n} blocks, {len(self._free)} free")
        taken = [self._free.pop() for _ in range(n)]
        for b in taken:
            self._refs[b] = 1
        return taken

    def _release(self, block):
        self._refs[block] -= 1
        if self._refs[block] == 0:
            self._free.append(block)

    def allocate(self, seq_id, num_tokens):
        if seq_id in self._tables:
            raise ValueError(f"sequence {seq_id!r} already exists")
        self._tables[seq_id] = self._take(self._blocks_for(num_tokens))
        self._lengths[seq_id] = num_tokens

    def append(self, seq_id, n=1):
        table, length = self._tables[seq_id], self._lengths[seq_id]
        # A partly filled last block shared with another sequence must be copied before writing (copy-on-write).
        cow = length % self.block_size != 0 and self._refs[table[-1]] > 1
        grow = self._blocks_for(length + n) - self._blocks_for(length)
        new = self._take(int(cow) + grow)  # all or nothing: raises before changing any state
        if cow:
            self._release(table[-1])
            table[-1] = new.pop(0)
        table.extend(new)
        self._lengths[seq_id] = length + n

    def fork(self, parent_id, child_id):
        if child_id in self._tables:
            raise ValueError(f"sequence {child_id!r} already exists")
        table = self._tables[parent_id]
        for b in table:
            self._refs[b] += 1
        self._tables[child_id] = list(table)
        self._lengths[child_id] = self._lengths[parent_id]

    def free(self, seq_id):
        for b in self._tables.pop(seq_id):
            self._release(b)
        del self._lengths[seq_id]

    def block_table(self, seq_id):
        return list(self._tables[seq_id])

    def slot(self, seq_id, token_index):
        if not 0 <= token_index < self._lengths[seq_id]:
            raise IndexError(token_index)
        table = self._tables[seq_id]
        return table[token_index // self.block_size] * self.block_size + token_index % self.block_size

    def num_free_blocks(self):
        return len(self._free)

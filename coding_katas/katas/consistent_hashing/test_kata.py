import bisect
import hashlib
from types import SimpleNamespace

from coding_katas.scenarios import hidden, sample


def _h(s):
    return int.from_bytes(hashlib.md5(s.encode()).digest()[:8], "big")


class _DictRing:
    """Independent model for expected values: a dict point -> node, get_node looks up the
    smallest point >= h(key) by bisect on the sorted points, wrapping to the first."""

    def __init__(self, nodes=(), vnodes=100):
        self.vnodes, self.points = vnodes, {}
        for n in nodes:
            self.add_node(n)

    def add_node(self, node):
        self.points.update({_h(f"{node}#{i}"): node for i in range(self.vnodes)})
        self.ring = sorted(self.points)

    def remove_node(self, node):
        self.points = {p: n for p, n in self.points.items() if n != node}
        self.ring = sorted(self.points)

    def get_node(self, key):
        if not self.points:
            raise LookupError(key)
        j = bisect.bisect_left(self.ring, _h(key))
        return self.points[self.ring[j % len(self.ring)]]


_MODEL = SimpleNamespace(ConsistentHashRing=_DictRing)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _lookup(ring, key):
    try:
        return ring.get_node(key)
    except LookupError:
        return "LookupError"


def _keys(n, prefix="user"):
    return [f"{prefix}:{j}" for j in range(n)]


@_expected_from_model(sample)
def three_nodes_default_vnodes(m):
    """nodes gpu-0, gpu-1, gpu-2 with the default 100 vnodes; where do 12 keys go?"""
    ring = m.ConsistentHashRing(["gpu-0", "gpu-1", "gpu-2"])
    return [ring.get_node(k) for k in _keys(12)]


@sample(expected=["LookupError", "solo", "solo", "LookupError"])
def empty_ring_raises_lookup_error(m):
    """get_node on a new empty ring, after adding one node, and after removing it again"""
    ring = m.ConsistentHashRing()
    out = [_lookup(ring, "k")]
    ring.add_node("solo")
    out += [_lookup(ring, "k"), _lookup(ring, "other")]
    ring.remove_node("solo")
    return out + [_lookup(ring, "k")]


@sample(expected=["cache-b", "cache-a", "LookupError"])
def example_from_prompt(m):
    """vnodes=2: a key equal to the point label cache-b#1, then removals"""
    ring = m.ConsistentHashRing(["cache-a", "cache-b"], vnodes=2)
    out = [ring.get_node("cache-b#1")]
    ring.remove_node("cache-b")
    out.append(ring.get_node("anything"))
    ring.remove_node("cache-a")
    return out + [_lookup(ring, "anything")]


@_expected_from_model(hidden)
def key_hashing_exactly_onto_a_point(m):
    """keys equal to point labels n#i hash exactly onto n's points, so each goes to n"""
    ring = m.ConsistentHashRing(["A", "B", "C", "D"], vnodes=4)
    return [ring.get_node(f"{n}#{i}") for n in "ABCD" for i in range(4)]


@_expected_from_model(hidden)
def wrap_around_past_the_largest_point(m):
    """keys whose hash is above every point go to the node of the smallest point"""
    nodes, vnodes = ["east", "west", "north"], 2
    points = [_h(f"{n}#{i}") for n in nodes for i in range(vnodes)]
    high = [k for k in _keys(3000, "req") if _h(k) > max(points)][:6]
    low = [k for k in _keys(3000, "req") if _h(k) < min(points)][:6]
    ring = m.ConsistentHashRing(nodes, vnodes=vnodes)
    return [[ring.get_node(k) for k in high], [ring.get_node(k) for k in low]]


@_expected_from_model(hidden)
def single_vnode_per_node(m):
    ring = m.ConsistentHashRing(["n1", "n2", "n3", "n4", "n5"], vnodes=1)
    return [ring.get_node(k) for k in _keys(40, "doc")]


@_expected_from_model(hidden)
def removing_a_node_moves_only_its_keys(m):
    """mapping of 200 keys over 4 nodes, before and after removing node-2"""
    ring = m.ConsistentHashRing([f"node-{i}" for i in range(4)], vnodes=20)
    keys = _keys(200, "session")
    before = [ring.get_node(k) for k in keys]
    ring.remove_node("node-2")
    return [before, [ring.get_node(k) for k in keys]]


@_expected_from_model(hidden)
def adding_a_node_takes_keys_only_for_itself(m):
    """mapping of 200 keys over 3 nodes, then after add_node("node-new")"""
    ring = m.ConsistentHashRing(["node-a", "node-b", "node-c"], vnodes=30)
    keys = _keys(200, "prompt")
    before = [ring.get_node(k) for k in keys]
    ring.add_node("node-new")
    return [before, [ring.get_node(k) for k in keys]]


@_expected_from_model(hidden)
def constructor_equals_add_node_in_any_order(m):
    keys = _keys(100, "x")
    built = m.ConsistentHashRing(["p", "q", "r"], vnodes=7)
    grown = m.ConsistentHashRing(vnodes=7)
    for node in ["r", "p", "q"]:
        grown.add_node(node)
    return [[built.get_node(k) for k in keys], [grown.get_node(k) for k in keys]]


@_expected_from_model(hidden)
def remove_then_add_back_restores_mapping(m):
    ring = m.ConsistentHashRing(["s1", "s2", "s3"], vnodes=10)
    keys = _keys(80, "emb")
    ring.remove_node("s1")
    middle = [ring.get_node(k) for k in keys]
    ring.add_node("s1")
    return [middle, [ring.get_node(k) for k in keys]]


@_expected_from_model(hidden)
def nodes_argument_is_not_modified(m):
    """the list passed to the constructor is the caller's: add_node and remove_node must not change it"""
    nodes = ["alpha", "beta"]
    ring = m.ConsistentHashRing(nodes, vnodes=5)
    ring.add_node("gamma")
    ring.remove_node("alpha")
    return [nodes, [ring.get_node(k) for k in _keys(20)]]


@_expected_from_model(hidden)
def many_keys_many_nodes(m):
    """5,000 keys over 8 nodes with 100 vnodes each"""
    ring = m.ConsistentHashRing([f"shard-{i:02d}" for i in range(8)])
    return [ring.get_node(k) for k in _keys(5000, "item")]


# Independent check of the reference itself (plain pytest only): a brute-force scan of all points.
def test_matches_brute_force_scan(solution):
    nodes = ["a", "bb", "ccc", "dddd"]
    ring = solution.ConsistentHashRing(nodes, vnodes=5)
    points = [(_h(f"{n}#{i}"), n) for n in nodes for i in range(5)]
    keys = _keys(500, "k") + [f"{n}#{i}" for n in nodes for i in range(5)]
    for key in keys:
        after = [p for p in points if p[0] >= _h(key)]
        assert ring.get_node(key) == min(after or points)[1]

import random

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _replay_sim, a second simulator written independently of the reference:
# per-request state in dicts keyed by id, the running set as a list of ids, the outputs counted from the token
# totals (a request's emitted tokens = scheduled tokens beyond its prompt, plus one at prompt completion).


def _replay_sim(requests, max_num_seqs, budget_per_step):
    order = sorted(range(len(requests)), key=lambda i: (requests[i][1], i))
    info = {r[0]: {"arrival": r[1], "prompt": r[2], "output": r[3], "tokens": 0} for r in requests}
    waiting, running, steps, ttft, finish = [], [], [], {}, {}
    last_arrival = max(r[1] for r in requests)
    s = 0
    while len(finish) < len(requests):
        waiting += [requests[i][0] for i in order if requests[i][1] == s]
        left, plan = budget_per_step, []
        for rid in running:
            r = info[rid]
            need = r["prompt"] - r["tokens"] if r["tokens"] < r["prompt"] else 1
            take = min(need, left)
            if take:
                plan.append([rid, take])
                left -= take
        while waiting and len(running) < max_num_seqs and left > 0:
            rid = waiting.pop(0)
            running.append(rid)
            take = min(info[rid]["prompt"], left)
            plan.append([rid, take])
            left -= take
        ended = []
        for rid, take in plan:
            r = info[rid]
            r["tokens"] += take
            emitted = r["tokens"] - r["prompt"] + 1 if r["tokens"] >= r["prompt"] else 0
            if emitted == 1:
                ttft[rid] = s - r["arrival"]
            if emitted == r["output"]:
                ended.append(rid)
                finish[rid] = s
        ended.sort(key=running.index)
        running = [rid for rid in running if rid not in ended]
        steps.append({"scheduled": plan, "finished": ended})
        s += 1
        assert s < 10_000 + last_arrival
    return {"steps": steps, "ttft": ttft, "finish_step": finish}


@sample(expected={"steps": [{"scheduled": [["a", 8]], "finished": []},
                            {"scheduled": [["a", 2], ["b", 3]], "finished": ["b"]},
                            {"scheduled": [["a", 1], ["c", 2]], "finished": ["a", "c"]}],
                  "ttft": {"a": 1, "b": 1, "c": 1}, "finish_step": {"a": 2, "b": 1, "c": 2}})
def prompt_example(m):
    """max_num_seqs 2, budget 8: a's 10-token prompt takes two chunks; b waits a step; c waits for a slot"""
    return m.simulate_continuous_batching([("a", 0, 10, 2), ("b", 0, 3, 1), ("c", 1, 2, 1)], 2, 8)


@sample(expected={"steps": [{"scheduled": [], "finished": []}, {"scheduled": [], "finished": []},
                            {"scheduled": [["x", 4]], "finished": []}, {"scheduled": [["x", 1]], "finished": []},
                            {"scheduled": [["x", 1]], "finished": ["x"]}],
                  "ttft": {"x": 0}, "finish_step": {"x": 4}})
def idle_steps_then_one_request(m):
    """x arrives at step 2 with a 4-token prompt and 3 outputs: prefill emits token 1, two decodes follow"""
    return m.simulate_continuous_batching([("x", 2, 4, 3)], 4, 16)


DECODES = [("r0", 0, 1, 3), ("r1", 0, 1, 3), ("r2", 0, 1, 3), ("r3", 0, 1, 3)]


@sample(expected={"steps": [{"scheduled": [["r0", 1], ["r1", 1]], "finished": []},
                            {"scheduled": [["r0", 1], ["r1", 1]], "finished": []},
                            {"scheduled": [["r0", 1], ["r1", 1]], "finished": ["r0", "r1"]},
                            {"scheduled": [["r2", 1], ["r3", 1]], "finished": []},
                            {"scheduled": [["r2", 1], ["r3", 1]], "finished": []},
                            {"scheduled": [["r2", 1], ["r3", 1]], "finished": ["r2", "r3"]}],
                  "ttft": {"r0": 0, "r1": 0, "r2": 3, "r3": 3}, "finish_step": {"r0": 2, "r1": 2, "r2": 5, "r3": 5}})
def budget_of_two_tokens(m):
    """budget 2 per step, 4 slots: the two running decodes use it all, so r2 and r3 wait until r0, r1 finish"""
    return m.simulate_continuous_batching(DECODES, 4, 2)


CASE_STARVE = [("long", 0, 20, 2), ("d1", 0, 2, 4), ("d2", 0, 2, 4), ("late", 3, 5, 2)]


@hidden(expected=_replay_sim(CASE_STARVE, 3, 6))
def long_prompt_chunks_and_starved_decodes(m):
    """a 20-token prompt in chunks of 6 ahead of two short requests in the running order"""
    return m.simulate_continuous_batching(CASE_STARVE, 3, 6)


CASE_FULL = [(f"q{i}", 0, 3, 1 + i % 3) for i in range(7)]


@hidden(expected=_replay_sim(CASE_FULL, 2, 100))
def full_batch_queue(m):
    """7 requests at step 0, only 2 slots, a large budget: FCFS admission as slots free up"""
    return m.simulate_continuous_batching(CASE_FULL, 2, 100)


@hidden(expected=_replay_sim([("a", 0, 1, 1), ("b", 0, 1, 1), ("c", 0, 1, 1)], 1, 5))
def slot_freed_only_next_step(m):
    """one slot, one-token requests that finish in their prefill step: one request per step"""
    return m.simulate_continuous_batching([("a", 0, 1, 1), ("b", 0, 1, 1), ("c", 0, 1, 1)], 1, 5)


def _random_requests(seed, n):
    rng = random.Random(seed)
    return [(f"r{i:02d}", rng.randint(0, 12), rng.randint(1, 40), rng.randint(1, 6)) for i in range(n)]


RANDOM = _random_requests(1, 25)


@hidden(expected=_replay_sim(RANDOM, 4, 32))
def random_workload(m):
    """25 requests arriving over 12 steps, prompts 1-40, outputs 1-6, 4 slots, budget 32"""
    return m.simulate_continuous_batching(RANDOM, 4, 32)


UNSORTED = [("z", 3, 2, 2), ("y", 0, 9, 1), ("x", 3, 1, 1), ("w", 1, 4, 2)]


@hidden(expected=_replay_sim(UNSORTED, 3, 5))
def arrivals_out_of_list_order(m):
    """the list is not sorted by arrival; same-step arrivals keep their list order (z before x)"""
    return m.simulate_continuous_batching(UNSORTED, 3, 5)


@hidden(expected=list(RANDOM))
def input_not_modified(m):
    reqs = list(RANDOM)
    m.simulate_continuous_batching(reqs, 4, 32)
    return reqs

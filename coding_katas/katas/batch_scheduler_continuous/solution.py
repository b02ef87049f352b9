from collections import deque


class _Req:
    def __init__(self, rid, arrival, prompt, output):
        self.rid, self.arrival, self.prompt, self.output = rid, arrival, prompt, output
        self.prefilled = self.emitted = 0  # prompt tokens processed, output tokens emitted


def _run(req, n, step, scheduled, ttft):
    """Process n tokens of req in this step; emit an output token if its prompt is complete afterwards."""
    scheduled.append([req.rid, n])
    if req.prefilled < req.prompt:
        req.prefilled = min(req.prompt, req.prefilled + n)
    if req.prefilled == req.prompt:  # the step that completes the prompt already samples a token
        if req.emitted == 0:
            ttft[req.rid] = step - req.arrival
        req.emitted += 1


def simulate_continuous_batching(requests, max_num_seqs, max_tokens_per_step):
    pending = sorted(enumerate(requests), key=lambda p: (p[1][1], p[0]))  # by arrival, then list order
    pending = deque(_Req(*r) for _, r in pending)
    waiting, running = deque(), []
    steps, ttft, finish = [], {}, {}
    step = 0
    while pending or waiting or running:
        while pending and pending[0].arrival == step:
            waiting.append(pending.popleft())
        budget, scheduled = max_tokens_per_step, []
        for req in running:  # running requests first, in admission order
            if budget == 0:
                break
            n = min(req.prompt - req.prefilled if req.prefilled < req.prompt else 1, budget)
            budget -= n
            _run(req, n, step, scheduled, ttft)
        while waiting and len(running) < max_num_seqs and budget > 0:
            req = waiting.popleft()
            running.append(req)
            n = min(req.prompt, budget)
            budget -= n
            _run(req, n, step, scheduled, ttft)
        done = [r for r in running if r.emitted == r.output]
        for r in done:
            finish[r.rid] = step
        running = [r for r in running if r.emitted < r.output]  # slots free up at the end of the step
        steps.append({"scheduled": scheduled, "finished": [r.rid for r in done]})
        step += 1
    return {"steps": steps, "ttft": ttft, "finish_step": finish}

import json

from coding_katas.scenarios import hidden, sample

# Expected values: written out by hand (whole transcripts), and for the long session from _second_loop, a
# separate implementation (a flat event list turned into messages at the end). Tools with failures are built
# fresh for every run (_flaky keeps its own attempt counter), so both runs see the same behaviour.


def _scripted(replies):
    """A model that answers with replies[k] where k = number of assistant messages so far."""
    def model(transcript):
        return json.loads(json.dumps(replies[sum(m["role"] == "assistant" for m in transcript)]))
    return model


def _call(cid, name, args):
    return {"id": cid, "name": name, "arguments": args if isinstance(args, str) else json.dumps(args)}


def _flaky(fail_times, value, exc=RuntimeError):
    state = {"n": 0}

    def tool(**kwargs):
        state["n"] += 1
        if state["n"] <= fail_times:
            raise exc(f"attempt {state['n']} failed")
        return value

    return tool


def _user(text):
    return {"role": "user", "content": text}


def _tool_msg(cid, content):
    return {"role": "tool", "tool_call_id": cid, "content": content}


ADD = [{"tool_calls": [_call("c1", "add", {"a": 2, "b": 3})]}, {"content": "2 + 3 = 5"}]


@sample(expected={"status": "done", "final": "2 + 3 = 5",
                  "transcript": [_user("what is 2 + 3?"), {"role": "assistant", "tool_calls": ADD[0]["tool_calls"]},
                                 _tool_msg("c1", "5"), {"role": "assistant", "content": "2 + 3 = 5"}],
                  "steps": 2, "tool_attempts": 1})
def prompt_example(m):
    """one tool call, then a final answer"""
    return m.run_agent(_scripted(ADD), {"add": lambda a, b: str(a + b)}, "what is 2 + 3?")


FLAKY = [{"tool_calls": [_call("w", "weather", {"city": "Oslo"})]}, {"content": "It is 3 C."}]


@sample(expected={"status": "done", "final": "It is 3 C.",
                  "transcript": [_user("weather?"), {"role": "assistant", "tool_calls": FLAKY[0]["tool_calls"]},
                                 _tool_msg("w", "3 C"), {"role": "assistant", "content": "It is 3 C."}],
                  "steps": 2, "tool_attempts": 2})
def flaky_tool_succeeds_on_retry(m):
    """the tool raises once, the retry returns '3 C': the model never sees the failure"""
    return m.run_agent(_scripted(FLAKY), {"weather": _flaky(1, "3 C")}, "weather?")


LOOP = [{"tool_calls": [_call(f"s{i}", "search", {"q": "x"})]} for i in range(10)]


@sample(expected={"status": "max_steps", "final": None,
                  "transcript": [_user("go")] + [msg for i in range(3) for msg in (
                      {"role": "assistant", "tool_calls": LOOP[i]["tool_calls"]}, _tool_msg(f"s{i}", "nothing"))],
                  "steps": 3, "tool_attempts": 3})
def runaway_model_hits_max_steps(m):
    """a model that keeps calling tools: stop after max_steps = 3 model calls"""
    return m.run_agent(_scripted(LOOP), {"search": lambda q: "nothing"}, "go", max_steps=3)


LONG_TEXT = "abcdefghij" * 5
MIXED = [{"tool_calls": [_call("a", "fetch", {"url": "u"}), _call("b", "nope", {}), _call("c", "fetch", "{bad json"),
                         _call("d", "fetch", "[1, 2]"), _call("e", "echo", {"text": "hi"})]},
         {"content": "done"}]


@hidden(expected={"status": "done", "final": "done",
                  "transcript": [_user("mixed"), {"role": "assistant", "tool_calls": MIXED[0]["tool_calls"]},
                                 _tool_msg("a", LONG_TEXT[:30] + "...[truncated 20 chars]"),
                                 _tool_msg("b", "error: unknown tool nope"),
                                 _tool_msg("c", "error: invalid JSON arguments"),
                                 _tool_msg("d", "error: invalid JSON arguments"),
                                 _tool_msg("e", "hi"), {"role": "assistant", "content": "done"}],
                  "steps": 2, "tool_attempts": 2})
def parallel_calls_with_every_failure_kind(m):
    """five calls in one reply: a 50-char output (cut to 30), an unknown tool, broken JSON, a JSON array, ok"""
    tools = {"fetch": lambda url: LONG_TEXT, "echo": lambda text: text}
    return m.run_agent(_scripted(MIXED), tools, "mixed", max_output_chars=30)


SHORT_LIMIT = [{"tool_calls": [_call("u", "nope", {}), _call("v", "ping", {})]}, {"content": "ok"}]


@hidden(expected={"status": "done", "final": "ok",
                  "transcript": [_user("hi"), {"role": "assistant", "tool_calls": SHORT_LIMIT[0]["tool_calls"]},
                                 _tool_msg("u", "error: unk...[truncated 14 chars]"), _tool_msg("v", "pong"),
                                 {"role": "assistant", "content": "ok"}],
                  "steps": 2, "tool_attempts": 1})
def error_strings_are_truncated_too(m):
    """max_output_chars 10: 'error: unknown tool nope' (24 chars) is cut like any other result"""
    return m.run_agent(_scripted(SHORT_LIMIT), {"ping": lambda: "pong"}, "hi", max_output_chars=10)


ALWAYS = [{"tool_calls": [_call("x", "db", {"sql": "select 1"})]}, {"content": "the database is down"}]


@hidden(expected={"status": "done", "final": "the database is down",
                  "transcript": [_user("q"), {"role": "assistant", "tool_calls": ALWAYS[0]["tool_calls"]},
                                 _tool_msg("x", "error: TimeoutError: attempt 3 failed"),
                                 {"role": "assistant", "content": "the database is down"}],
                  "steps": 2, "tool_attempts": 3})
def always_failing_tool(m):
    """max_retries 2: three attempts, the last exception is reported"""
    return m.run_agent(_scripted(ALWAYS), {"db": _flaky(99, "", TimeoutError)}, "q", max_retries=2)


@hidden(expected={"status": "done", "final": "the database is down",
                  "transcript": [_user("q"), {"role": "assistant", "tool_calls": ALWAYS[0]["tool_calls"]},
                                 _tool_msg("x", "error: ValueError: attempt 1 failed"),
                                 {"role": "assistant", "content": "the database is down"}],
                  "steps": 2, "tool_attempts": 1})
def no_retries(m):
    """max_retries 0: one attempt only"""
    return m.run_agent(_scripted(ALWAYS), {"db": _flaky(1, "ok", ValueError)}, "q", max_retries=0)


def _vandal(transcript):
    """A model that scribbles on the transcript it is given before answering."""
    transcript.append({"role": "user", "content": "injected"})
    transcript[0]["content"] = "changed"
    return {"content": "ok"}


@hidden(expected={"status": "done", "final": "ok",
                  "transcript": [_user("hello"), {"role": "assistant", "content": "ok"}], "steps": 1,
                  "tool_attempts": 0})
def model_gets_a_copy(m):
    """the model mutates what it receives; the agent's own transcript must not change"""
    return m.run_agent(_vandal, {}, "hello")


def _second_loop(replies, make_tools, user, max_steps, max_retries, limit):
    tools = make_tools()
    events, attempts, steps = [("user", user)], 0, 0
    for reply in replies[:max_steps]:
        steps += 1
        if "content" in reply:
            events.append(("final", reply["content"]))
            break
        events.append(("calls", reply["tool_calls"]))
        for c in reply["tool_calls"]:
            try:
                args = json.loads(c["arguments"])
                ok_args = isinstance(args, dict)
            except ValueError:
                ok_args = False
            if not ok_args:
                text = "error: invalid JSON arguments"
            elif c["name"] not in tools:
                text = "error: unknown tool " + c["name"]
            else:
                for k in range(max_retries + 1):
                    attempts += 1
                    try:
                        text = tools[c["name"]](**args)
                        break
                    except Exception as e:  # noqa: BLE001
                        text = "error: " + type(e).__name__ + ": " + str(e)
            if len(text) > limit:
                text = text[:limit] + "...[truncated " + str(len(text) - limit) + " chars]"
            events.append(("tool", c["id"], text))
    msgs = []
    for ev in events:
        if ev[0] == "user":
            msgs.append({"role": "user", "content": ev[1]})
        elif ev[0] == "final":
            msgs.append({"role": "assistant", "content": ev[1]})
        elif ev[0] == "calls":
            msgs.append({"role": "assistant", "tool_calls": ev[1]})
        else:
            msgs.append({"role": "tool", "tool_call_id": ev[1], "content": ev[2]})
    done = events[-1][0] == "final"
    return {"status": "done" if done else "max_steps", "final": events[-1][1] if done else None,
            "transcript": msgs, "steps": steps, "tool_attempts": attempts}


def _session_tools():
    return {"search": lambda q: f"results for {q}: " + "x" * len(q) * 7, "calc": lambda expr: str(len(expr)),
            "flaky": _flaky(2, "recovered"), "broken": _flaky(10**6, "", KeyError)}


SESSION = [{"tool_calls": [_call(f"t{i}{j}", name, args) for j, (name, args) in enumerate(calls)]}
           for i, calls in enumerate([
               [("search", {"q": "rope scaling"}), ("calc", {"expr": "2+2"})],
               [("flaky", {}), ("broken", {}), ("missing", {"a": 1})],
               [("search", {"q": "yarn"}), ("calc", "not json")],
               [("flaky", {}), ("search", {"q": "a much longer query about long context extension"})]])] + \
          [{"content": "summary written"}]


@hidden(expected=_second_loop(SESSION, _session_tools, "research", 8, 1, 60))
def long_session(m):
    """four rounds of mixed calls (long outputs, flaky and broken tools, unknown tool, bad JSON), limit 60"""
    return m.run_agent(_scripted(SESSION), _session_tools(), "research", max_steps=8, max_retries=1,
                       max_output_chars=60)


@hidden(expected=_second_loop(SESSION, _session_tools, "research", 3, 3, 1000))
def long_session_cut_short(m):
    """the same session with max_steps 3 and max_retries 3: it never reaches the answer"""
    return m.run_agent(_scripted(SESSION), _session_tools(), "research", max_steps=3, max_retries=3,
                       max_output_chars=1000)

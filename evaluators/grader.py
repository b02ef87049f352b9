"""The kata grader: runs a submission in the sandbox and compares its values with the reference's.

    grader = Grader()
    result = grader.grade("softmax", source)   # GradeResult; result.to_dict() is `mastery grade --json`
    grader.close()

Submitted code runs only in children forked from a warm worker process (evaluators.sandbox_worker).
The reference solution runs in a *separate* worker, so expected values never exist in any process
that forks submitted code; they are cached in this process and compared here.
"""

from __future__ import annotations

import ast
import inspect
import threading
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from coding_katas.comparators import compare
from coding_katas.loader import KataEntry, load_katas
from coding_katas.models import Comparator
from coding_katas.scenarios import Scenario, load_scenarios
from coding_katas.wire import WireError, decode
from evaluators.protocol import Outcome, Verdict, verdict_for
from evaluators.sandbox import WorkerError, WorkerProcess
from evaluators.tolerance import describe

GradeStatus = Literal["pass", "fail", "error"]
VALUE_PREVIEW_CHARS = 600
SUBMISSION_BUDGET_FACTOR = 3.0  # whole-submission wall budget, in multiples of one scenario's limit


class UnknownKata(KeyError):
    pass


class SourceTooLarge(ValueError):
    """A submission over MAX_SOLUTION_BYTES: refused before it reaches a worker."""


def check_source_size(source: str) -> None:
    """SourceTooLarge for code over the solution limit (README "Limits"), before any process sees it."""
    from question_bank.content_files import MAX_SOLUTION_BYTES, size_problem

    problem = size_problem(len(source.encode("utf-8", "replace")), MAX_SOLUTION_BYTES, "a kata solution")
    if problem:
        raise SourceTooLarge(f"the code {problem}")


@dataclass
class TestResult:
    name: str
    visibility: Literal["sample", "hidden"]
    verdict: Verdict
    message: str
    description: str = ""
    input: str | None = None      # sample tests only: the scenario's code
    expected: str | None = None   # sample tests only
    got: str | None = None        # sample tests only
    diagnostics: dict[str, Any] = field(default_factory=dict)
    output: str = ""
    traceback: str = ""
    cpu_ms: float | None = None
    rule: str | None = None       # sample tests that compare by their own rule, not the kata's: that rule


@dataclass
class GradeResult:
    kata: str
    status: GradeStatus
    summary: dict[str, int]
    tests: list[TestResult]
    sandbox: str = "full"              # "full" or "reduced"
    sandbox_notes: list[str] = field(default_factory=list)
    error: str | None = None           # the grader's own failure (never the submission's), when status is "error"

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def to_dict(self) -> dict:
        return asdict(self)

    def __getitem__(self, key: str) -> Any:  # dict-style access, as the contract allows either
        return self.to_dict()[key]


def _preview(value: Any) -> str:
    import numpy as np

    with np.printoptions(precision=8, threshold=60, edgeitems=3, linewidth=100):
        text = repr(value)
    return text if len(text) <= VALUE_PREVIEW_CHARS else text[:VALUE_PREVIEW_CHARS] + " ..."


def _compile_error(source: str) -> str | None:
    """Checked here, without running anything: a syntax error needs no sandbox."""
    try:
        ast.parse(source, filename="<solution>")
    except SyntaxError as exc:
        pointer = f"line {exc.lineno}" + (f", column {exc.offset}" if exc.offset else "")
        text = (exc.text or "").rstrip()
        return f"SyntaxError: {exc.msg} ({pointer})" + (f"\n    {text}" if text else "")
    except ValueError as exc:  # e.g. null bytes
        return f"invalid source: {exc}"
    return None


class Grader:
    def __init__(self) -> None:
        self._workers: dict[str, WorkerProcess] = {}
        self._reference_workers: dict[str, WorkerProcess] = {}
        self._references: dict[tuple[str, str], dict[str, Any]] = {}
        self._lock = threading.Lock()

    # -- workers ----------------------------------------------------------------------------------
    @staticmethod
    def _runtime(entry: KataEntry) -> str:
        # Plain-Python katas share the NumPy worker: it is always warm.
        return "torch" if entry.kata.runtime == "torch" else "numpy"

    def _worker(self, pool: dict[str, WorkerProcess], runtime: str) -> WorkerProcess:
        with self._lock:
            if runtime not in pool:
                pool[runtime] = WorkerProcess(runtime)
            return pool[runtime]

    def close(self) -> None:
        for pool in (self._workers, self._reference_workers):
            for w in pool.values():
                w.close()
            pool.clear()

    def __enter__(self) -> Grader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- grading ----------------------------------------------------------------------------------
    @staticmethod
    def entry(kata_id: str) -> KataEntry:
        entry = load_katas().by_id().get(kata_id)
        if entry is None:
            raise UnknownKata(kata_id)
        return entry

    def _run(self, pool: dict[str, WorkerProcess], entry: KataEntry, source: str, names: list[str],
             extra: dict | None = None) -> dict:
        limit = entry.kata.time_limit_s
        request = {
            "source": source, "kata_dir": str(entry.folder), "scenarios": names, "timeout_s": limit,
            "total_timeout_s": max(limit * SUBMISSION_BUDGET_FACTOR, limit + 4.0), "mem_mb": entry.kata.memory_mb,
            **(extra or {}),  # e.g. {"custom": ...} from evaluators.custom_input
        }
        worker = self._worker(pool, self._runtime(entry))
        return worker.request(request, timeout=request["total_timeout_s"] + 30)

    def _reference_values(self, entry: KataEntry, scenarios: list[Scenario]) -> dict[str, Any]:
        key = (entry.kata.id, entry.solution)
        if key not in self._references:
            response = self._run(self._reference_workers, entry, entry.solution, [s.name for s in scenarios])
            values = {}
            for r in response["results"]:
                if r["outcome"] != "ok":
                    raise RuntimeError(f"reference solution of {entry.kata.id} failed in {r['name']}: {r}")
                values[r["name"]] = decode(r["value"])
            self._references[key] = values
        return self._references[key]

    def prepare(self, kata_id: str) -> None:
        """Compute and cache the reference's values for a kata, and have the user worker import the kata's tests
        (a request with no scenarios runs nothing): its first grade would otherwise start with both."""
        entry = self.entry(kata_id)
        self._reference_values(entry, load_scenarios(entry.folder))
        self._run(self._workers, entry, "", [])

    def grade(self, kata_id: str, source: str, samples_only: bool = False) -> GradeResult:
        """Grade every scenario (or only the sample ones, for a quick "Run samples")."""
        entry = self.entry(kata_id)
        all_scenarios = load_scenarios(entry.folder)
        scenarios = [s for s in all_scenarios if s.visibility == "sample"] if samples_only else all_scenarios
        return self._grade_scenarios(entry, source, all_scenarios, scenarios)

    def _grade_scenarios(self, entry: KataEntry, source: str, all_scenarios: list[Scenario],
                         scenarios: list[Scenario]) -> GradeResult:
        kata_id = entry.kata.id
        check_source_size(source)
        error = _compile_error(source)
        if error:
            tests = [TestResult(s.name, s.visibility, "CE", error, s.description) for s in scenarios]
            return GradeResult(kata_id, "error", {"passed": 0, "total": len(tests)}, tests)
        expected = self._reference_values(entry, all_scenarios)
        try:
            response = self._run(self._workers, entry, source, [s.name for s in scenarios])
        except WorkerError as exc:
            message = f"the sandbox failed: {exc}"
            tests = [TestResult(s.name, s.visibility, "RE", message, s.description) for s in scenarios]
            return GradeResult(kata_id, "error", {"passed": 0, "total": len(tests)}, tests, error=message)
        by_name = {r["name"]: r for r in response["results"]}
        sandbox = response.get("sandbox", {})
        internal = next((r for r in response["results"] if r.get("outcome") == Outcome.INTERNAL), None)
        if internal is not None:  # the sandbox could not be set up: the grader's failure, not the user's CE
            message = f"the grader could not run your code: {internal.get('message', 'sandbox failure')}"
            tests = [TestResult(s.name, s.visibility, "RE", message, s.description) for s in scenarios]
            return GradeResult(kata_id, "error", {"passed": 0, "total": len(tests)}, tests,
                               sandbox=sandbox.get("level", "reduced"), sandbox_notes=list(sandbox.get("notes", [])),
                               error=message)
        tests = [self._judge(entry, s, by_name[s.name], expected[s.name]) for s in scenarios]
        passed = sum(t.verdict == "AC" for t in tests)
        status: GradeStatus = (
            "error" if all(t.verdict == "CE" for t in tests) else "pass" if passed == len(tests) else "fail"
        )
        return GradeResult(kata_id, status, {"passed": passed, "total": len(tests)}, tests,
                           sandbox=sandbox.get("level", "reduced"), sandbox_notes=list(sandbox.get("notes", [])))

    def first_failure(self, kata_id: str, source: str) -> TestResult | None:
        """The first scenario, in the kata's order, that the code does not pass, or None if it passes them all.

        Stops there: the scenarios run in requests of 1, 2, 4, ... so a submission that fails early costs one
        short request (a killed mutant usually fails the first scenario), one that passes everything about
        log2(n) requests. Each request is judged as grade() judges it; a request starts a fresh child, so only
        code that carries state from one scenario to the next could fare differently."""
        entry = self.entry(kata_id)
        scenarios = load_scenarios(entry.folder)
        start, size = 0, 1
        while start < len(scenarios):
            result = self._grade_scenarios(entry, source, scenarios, scenarios[start:start + size])
            failed = next((t for t in result.tests if t.verdict != "AC"), None)
            if failed is not None:  # a compile error or a sandbox failure marks every test: the first is returned
                return failed
            start, size = start + size, size * 2
        return None

    def _judge(self, entry: KataEntry, scenario: Scenario, raw: dict, expected: Any) -> TestResult:
        sample = scenario.visibility == "sample"
        result = TestResult(scenario.name, scenario.visibility, "RE", "", scenario.description,
                            output=raw.get("output", ""), cpu_ms=raw.get("cpu_ms"))
        if sample:
            result.input = inspect.getsource(scenario.run) if callable(scenario.run) else None
            result.expected = _preview(expected)
            if scenario.comparator is not None and scenario.comparator != entry.kata.comparator:
                result.rule = describe(scenario.comparator)
        outcome = raw.get("outcome")
        limit = entry.kata.time_limit_s
        if outcome == Outcome.OK:
            # The value comes from submitted code: whatever it holds (10**400, a 100-dimensional array, an
            # out-of-range int8), decoding or comparing it may fail, and that is a wrong answer, not a crash.
            try:
                got = decode(raw.get("value"))
            except WireError as exc:
                result.verdict, result.message = "WA", f"returned a value that cannot be checked: {exc}"
                return result
            except Exception as exc:  # noqa: BLE001 - see above
                result.verdict, result.message = "WA", f"returned a value that cannot be checked ({type(exc).__name__})"
                return result
            comparator: Comparator = scenario.comparator or entry.kata.comparator
            try:
                comparison = compare(expected, got, comparator)
                diagnostics = {k: (list(v) if isinstance(v, tuple) else v) for k, v in comparison.diagnostics.items()}
                message = "passed" if comparison.ok else comparison.describe()
                shown = _preview(got) if sample else None
            except Exception as exc:  # noqa: BLE001 - see above
                result.verdict = "WA"
                result.message = ("returned a value that cannot be compared with the expected one"
                                  f" ({type(exc).__name__})")
                return result
            result.got, result.diagnostics = shown, diagnostics
            result.verdict, result.message = ("AC" if comparison.ok else "WA"), message
        else:
            result.verdict, result.message = verdict_for(raw, limit, entry.kata.memory_mb)
            if outcome in (Outcome.IMPORT_ERROR, Outcome.EXCEPTION):
                result.traceback = raw.get("traceback", "")
        return result

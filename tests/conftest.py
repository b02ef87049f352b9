import functools
import os

import pytest

# A kata folder for grader tests only (tests/kata_fixtures/*/test_kata.py holds scenarios, not pytest tests).
collect_ignore = ["kata_fixtures"]


@pytest.fixture(autouse=True)
def mastery_home(tmp_path, monkeypatch):
    """Every test gets its own MASTERY_HOME: no test reads or writes the user's real database."""
    home = tmp_path / "mastery-home"
    home.mkdir()
    monkeypatch.setenv("MASTERY_HOME", str(home))
    for var in ("MASTERY_LLM_MODEL", "MASTERY_LLM_API_BASE", "MASTERY_LLM_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture(scope="session")
def grader():
    """One Grader for the whole run: its workers (the torch one takes seconds to start) and the reference
    values it caches are paid for once. Test files that need a differently configured grader define their own."""
    from evaluators.grader import Grader

    g = Grader()
    yield g
    g.close()


@pytest.fixture(autouse=True, scope="session")
def _scan_streamlit_components_once():
    """Every AppTest starts a Streamlit runtime, which reads the metadata of every installed distribution to
    find v2 components: ~0.3 s of CPU per AppTest, ~20 s over tests/app. The installed packages do not change
    during a run, so the scan's result is kept for the run."""
    from streamlit.components.v2 import manifest_scanner

    original = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = functools.cache(original)
    yield
    manifest_scanner.scan_component_manifests = original


# -- make test: how the suite is shared among xdist workers (-n N --dist loadgroup) ----------------------------
# pytest 9 keeps a node's id where pytest-xdist 3.8's xdist_group mark cannot append its group, so the groups are
# made here, in the scheduler: a "unit" is a set of tests that one worker runs in order.
# - The browser tests are three units, each with its own app, database and browser on one worker, and they are
#   sent first: most of their time is spent waiting for the app's clocks and reruns, so that waiting overlaps with
#   the CPU-bound tests on the other workers. test_browser.py's tests that wait out a clock are one unit, its other
#   tests (with the click-timing test) another, test_browser_issue18.py the third; each keeps its file order.
# - A file whose tests share a module-scoped fixture (a grader, a grader host, a database) is one unit, so the
#   fixture is set up once; the files listed in SPLIT have none and hold many slow tests: one unit per test.
BROWSER_CLOCK_TESTS = {
    "test_katas_timer_runs_out",
    "test_design_case_under_the_timer_self_review_and_history",
    "test_backend_mock_with_resume_time_out_and_report",
    "test_defect_05_design_draft_clock_and_questions_survive_a_reload",
    "test_defect_04_text_typed_when_the_round_runs_out_is_kept",
}
SPLIT = {"tests/test_kata_grading.py", "tests/test_scoring_offline.py", "tests/test_scoring_adversarial.py",
         "tests/test_bad_inputs.py", "tests/test_claims.py", "tests/test_question_misconceptions.py",
         "tests/test_llm_requests.py", "tests/test_llm_judge.py", "tests/test_llm_server.py"}


def browser_unit(nodeid: str) -> str | None:
    path, _, name = nodeid.partition("::")
    if not path.startswith("tests/e2e/"):
        return None
    if path == "tests/e2e/test_browser.py":
        return "e2e-clocks" if name.split("[")[0] in BROWSER_CLOCK_TESTS else "e2e-pages"
    return f"e2e-{path}"


@functools.cache
def _torch_katas() -> frozenset[str]:
    from coding_katas.loader import load_katas

    return frozenset(e.kata.id for e in load_katas().katas if e.kata.runtime == "torch")


def _unit(nodeid: str) -> str:
    path, _, name = nodeid.partition("::")
    # The PyTorch katas' grading tests share one worker: each worker's grader pays ~5 s of CPU to start its
    # two PyTorch sandbox workers, and one worker is enough for them.
    if path == "tests/test_kata_grading.py" and name.startswith("test_kata[") and name[10:-1] in _torch_katas():
        return "torch-kata-grading"
    return browser_unit(nodeid) or (nodeid if path in SPLIT else path)


def pytest_collection_modifyitems(config, items):
    # Under xdist the browser tests come first, so their units are the first ones handed out.
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items[:] = sorted(items, key=lambda item: browser_unit(item.nodeid) is None)  # stable: file order kept


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class Units(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _unit(nodeid)

    config.option.loadscopereorder = False  # hand units out in collection order (browser units first)
    return Units(config, log)

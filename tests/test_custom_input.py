"""Custom input: literals only, the user's function in the sandbox, the reference in its own worker."""

import pytest

from coding_katas.loader import load_katas
from evaluators.custom_input import run_custom
from evaluators.custom_scenario import BadArguments, parse_arguments, to_arrays
from evaluators.grader import Grader

USER = ("import numpy as np\n"
        "def softmax(x, axis=-1):\n"
        "    print('rows:', x.shape[0])\n"
        "    e = np.exp(x)  # no max shift: overflows on large inputs\n"
        "    return e / e.sum(axis=axis, keepdims=True)\n")


@pytest.fixture(scope="module")
def grader():
    g = Grader()
    yield g
    g.close()


@pytest.mark.parametrize("text", ['__import__("os").system("id")', "x", "open('f')", "*[1]", "**{}", "1), (2",
                                  "[1] * 3", "lambda: 1"])
def test_only_literals_are_accepted(text):
    with pytest.raises(BadArguments):
        parse_arguments(text)


def test_positional_and_keyword_literals():
    assert parse_arguments("[[1, 2.5]], axis=0, name='a', t=(1, None)") == (
        [[[1, 2.5]]], {"axis": 0, "name": "a", "t": (1, None)})


def test_lists_of_numbers_become_arrays_and_others_do_not():
    import numpy as np

    arr = to_arrays([[1, 2.5], [3, 4]], "numpy")
    assert isinstance(arr, np.ndarray) and arr.shape == (2, 2) and arr.dtype == np.float64
    assert to_arrays([1, [2]], "numpy") == [1, [2]]          # ragged stays a list
    assert to_arrays(["a", "b"], "numpy") == ["a", "b"]
    assert to_arrays([True, False], "numpy") == [True, False]


def test_user_value_output_and_reference_value_for_the_same_input(grader):
    run = run_custom(grader, "softmax", USER, "[[1.0, 2.0], [3.0, 1000.0]]")
    assert run.user.ok and "rows: 2" in run.user.output
    assert "nan" in run.user.value                   # exp(1000) overflows in the user's version
    assert run.reference.ok and "1." in run.reference.value and "nan" not in run.reference.value
    assert run.same is False and "nan" in run.comparison
    run = run_custom(grader, "softmax", USER, "[1.0, 2.0, 3.0]")
    assert run.same is True and run.user.value == run.reference.value


def test_exceptions_and_syntax_errors_are_reported_with_the_reference_still_shown(grader):
    run = run_custom(grader, "softmax", "def softmax(x, axis=-1):\n    raise ValueError('nope')\n", "[1.0]")
    assert not run.user.ok and run.user.message == "ValueError: nope" and "line 2" in run.user.traceback
    assert run.reference.ok and run.same is None
    run = run_custom(grader, "softmax", "def softmax(:\n", "[1.0]")
    assert not run.user.ok and run.user.message.startswith("SyntaxError")


def test_the_reference_is_not_reachable_from_the_user_process(grader):
    # The user's module has no reference solution to look up (separate worker, separate process).
    probe = ("import sys, gc\n"
             "def softmax(x, axis=-1):\n"
             "    return sorted(n for n in sys.modules if 'solution' in n)\n")
    run = run_custom(grader, "softmax", probe, "[1.0]", arrays=False)
    assert run.user.value == "['solution']"  # only the user's own module


def test_a_kata_name_that_is_not_an_entry_is_refused(grader):
    with pytest.raises(BadArguments):
        run_custom(grader, "softmax", load_katas().by_id()["softmax"].solution, "[1.0]", function="os")


def test_through_the_grader_host_process():
    from evaluators.grader_host import RemoteGrader

    with RemoteGrader() as remote:
        run = run_custom(remote, "softmax", USER, "[[1.0, 2.0], [0.0, 1000.0]]")
        assert run.user.ok and "rows: 2" in run.user.output and run.same is False
        assert run.reference.ok and "nan" not in run.reference.value
        with pytest.raises(BadArguments):
            run_custom(remote, "softmax", USER, "print(1)")
        assert remote.grade("softmax", USER).summary["total"] > 0  # the host still grades afterwards


def test_torch_kata_gets_tensors_and_a_second_entry_can_be_chosen(grader):
    entry = load_katas().by_id()["torch_stable_softmax"]
    run = run_custom(grader, "torch_stable_softmax", entry.solution, "[[1.0, 2.0, 3.0]]")
    assert run.same is True and "float32" in run.user.value  # lists became float32 tensors
    probe = ("def stable_softmax(x, dim=-1):\n    return 0\n"
             "def stable_log_softmax(x, dim=-1):\n    return type(x).__name__\n")
    run = run_custom(grader, "torch_stable_softmax", probe, "[1.0, 2.0]", function="stable_log_softmax")
    assert run.user.value == "'Tensor'" and run.same is False

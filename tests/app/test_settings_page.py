from pathlib import Path

from streamlit.testing.v1 import AppTest

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")


def test_session_judge_settings_and_clear():
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    at.switch_page("views/settings.py").run()
    assert "No judge configured" in at.info[0].value
    at.text_input(key="llm_model").input("openai/local-model")
    at.text_input(key="llm_api_base").input("http://127.0.0.1:8000/v1")
    at.text_input(key="llm_api_key").input("sk-settings-secret")
    next(b for b in at.button if b.label == "Use for this session").click().run()
    assert "Judge configured: openai/local-model at http://127.0.0.1:8000/v1" in at.success[0].value
    assert "sk-settings-secret" not in at.success[0].value
    next(b for b in at.button if b.label == "Clear session settings").click().run()
    assert "No judge configured" in at.info[0].value


def test_environment_configuration_is_shown(monkeypatch):
    monkeypatch.setenv("MASTERY_LLM_MODEL", "openai/env-model")
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    at.switch_page("views/settings.py").run()
    assert "openai/env-model" in at.success[0].value and "without an API key" in at.success[0].value

"""Settings: groups, environment names, parsing and the errors a bad value gets."""

import re

import pytest

from assistant import ConfigError, Settings
from tests.conftest import ROOT


def test_environment_variables_fill_their_groups_and_overrides_win():
    env = {"NEWSDESK_MIN_RELEVANCE": "0.4", "NEWSDESK_LLM_BASE_URL": "http://x/v1", "NEWSDESK_DATA_DIR": "~/nd",
           "NEWSDESK_UNVERIFIED": "mark", "NEWSDESK_LLM_THREADS": "", "UNRELATED": "1"}
    settings = Settings.from_env(env, llm_base_url=None, llm_model="m")
    assert settings.retrieval.min_relevance == 0.4
    assert settings.llm.base_url == "http://x/v1" and settings.llm.model == "m" and settings.llm.threads == 2
    assert settings.store.data_dir.name == "nd" and not str(settings.store.data_dir).startswith("~")
    assert settings.verification.unverified == "mark"


def test_with_changes_one_field_and_leaves_the_rest():
    base = Settings()
    changed = base.with_(top_k=3, llm_timeout="5")
    assert changed.retrieval.top_k == 3 and changed.llm.timeout == 5.0
    assert changed.retrieval.min_relevance == base.retrieval.min_relevance and base.retrieval.top_k == 8


@pytest.mark.parametrize("env, message", [
    ({"NEWSDESK_TOP_K": "many"}, "NEWSDESK_TOP_K must be a int"),
    ({"NEWSDESK_UNVERIFIED": "hide"}, "'drop' or 'mark'"),
    ({"NEWSDESK_UI_AUTH": "justaname"}, "user:password"),
    ({"NEWSDESK_UI_AUTH": ":secret"}, "user:password"),
    ({"NEWSDESK_COLLECTION": "ab"}, "3 to 512"),
    ({"NEWSDESK_EMBED_BASE_URL": "gpu-box:8081/v1"}, "NEWSDESK_EMBED_BASE_URL must start with http:// or https://"),
])
def test_bad_values_are_a_config_error_naming_the_variable(env, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        Settings.from_env(env)


def test_unknown_setting_is_refused():
    with pytest.raises(ConfigError, match="unknown setting 'top_kk'"):
        Settings().with_(top_kk=3)


def test_auth_is_split_once_so_passwords_may_hold_colons():
    assert Settings.from_env({"NEWSDESK_UI_AUTH": "ed:pa:ss"}).auth == ("ed", "pa:ss")
    assert Settings().auth is None


def test_readme_documents_every_setting():
    readme = (ROOT / "README.md").read_text()
    missing = [name for name, _, _ in Settings.describe() if f"`{name}`" not in readme]
    assert missing == []


def test_a_switch_reads_yes_and_no_words_and_refuses_others():
    assert Settings.from_env({"NEWSDESK_READ_NAMES": "off"}).ingest.read_names is False
    assert Settings.from_env({"NEWSDESK_READ_NAMES": "1"}).ingest.read_names is True
    with pytest.raises(ConfigError, match="NEWSDESK_READ_NAMES must be one of"):
        Settings.from_env({"NEWSDESK_READ_NAMES": "maybe"})

"""The kit's settings in one place (widgets/config.py): a traitlets Configurable read from, in
order of strength, its environment variable, the config file (`serve --config`), its default."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets.cli import main, voila_config
from widgets.config import ConfigError, KitConfig, config, markdown

DOCS = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def test_defaults_are_the_documented_ones(monkeypatch):
    monkeypatch.delenv("ALLIANCE_CONFIG", raising=False)
    kit = config()
    assert (kit.free_after, kit.poll_seconds, kit.expect, kit.lost_after) == (90.0, 1.0, 30, 2.5)
    assert kit.source("free_after") == "default"


def test_a_config_file_sets_and_a_variable_overrides_it(kit_config, monkeypatch, tmp_path):
    kit_config(free_after=120.0, db_url="sqlite:///from-file.sqlite3", limit_loopback=True)
    kit = config()
    assert kit.free_after == 120.0 and kit.source("free_after") == "config file" and kit.limit_loopback
    assert kit.db_url == "sqlite:///from-file.sqlite3"
    monkeypatch.setenv("ALLIANCE_DB_URL", "sqlite:///from-env.sqlite3")
    monkeypatch.setenv("ALLIANCE_LIMIT_LOOPBACK", "0")
    kit = config()
    assert kit.db_url == "sqlite:///from-env.sqlite3" and kit.source("db_url") == "ALLIANCE_DB_URL"
    assert kit.limit_loopback is False
    monkeypatch.setenv("ALLIANCE_DATA_DIR", str(tmp_path / "room"))
    monkeypatch.delenv("ALLIANCE_DB_URL")
    kit_config()  # without db_url the store follows the data folder
    assert config().db_url == f"sqlite:///{tmp_path / 'room' / 'alliance.sqlite3'}"


@pytest.mark.parametrize(("content", "said"), [
    ("c.KitConfig.free_after = 'soon'\n", "free_after"),
    ("c.KitConfig.lost_after = 5.0\n", "lost_after"),  # past the 3 s bar
    ("c.KitConfig.free_afterr = 10.0\n", "unknown settings free_afterr"),
    ("c.KitConfig.free_after = (\n", "SyntaxError"),
])
def test_a_bad_config_file_is_one_clear_error_and_serve_does_not_start(tmp_path, monkeypatch, capsys, content, said):
    path = tmp_path / f"bad_{abs(hash(content))}.py"
    path.write_text(content, encoding="utf-8")
    monkeypatch.setenv("ALLIANCE_CONFIG", str(path))
    with pytest.raises(ConfigError) as exc:
        config()
    assert said in str(exc.value)
    assert main(["config", "--config", str(path)]) == 2
    assert said in capsys.readouterr().err


def test_a_bad_variable_names_itself(monkeypatch):
    monkeypatch.delenv("ALLIANCE_CONFIG", raising=False)
    monkeypatch.setenv("ALLIANCE_LANG", "")
    assert config().default_lang == "en"  # empty: unset
    monkeypatch.setenv("ALLIANCE_LIMIT_LOOPBACK", "perhaps")
    with pytest.raises(ConfigError, match="ALLIANCE_LIMIT_LOOPBACK"):
        config()
    monkeypatch.delenv("ALLIANCE_LIMIT_LOOPBACK")
    monkeypatch.setenv("ALLIANCE_CONFIG", "/nowhere/kit_config.py")
    with pytest.raises(ConfigError, match="no config file at /nowhere/kit_config.py"):
        config()


def test_the_config_command_shows_values_and_their_sources(kit_config, capsys):
    path = kit_config(starts_per_client=3)
    assert main(["config", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert "starts_per_client = 3  (config file)" in out and "poll_seconds = 1.0  (default)" in out
    assert main(["config", "--generate"]) == 0
    generated = capsys.readouterr().out
    assert "# c.KitConfig.free_after = 90.0" in generated


def test_the_server_takes_its_timing_from_the_settings(kit_config):
    kit_config(cull_interval=30, iopub_timeout=120, pool_refill_delay=1.0)
    voila = voila_config("127.0.0.1", 8866, pool=4, free_after=90.0)
    assert voila["MappingKernelManager"]["cull_interval"] == 30
    assert voila["VoilaExecutor"]["iopub_timeout"] == 120
    assert voila["VoilaKernelManager"]["fill_delay"] == 1.0
    from widgets.serving.room import DisconnectReaper, MessageGate, StartLimiter

    kit_config(free_after=45.0, starts_per_client=2, message_rate=5.0)
    assert DisconnectReaper().free_after == 45.0 and StartLimiter().per_client == 2 and MessageGate().rate == 5.0


def test_docs_list_every_setting_as_the_code_defines_it():
    """docs/configuration.md is generated (`alliance-workshop config --markdown`): it is the one
    place a setting is documented, and it cannot drift from the code."""
    assert DOCS.read_text(encoding="utf-8") == markdown(), "run: alliance-workshop config --markdown > docs/configuration.md"
    for name in KitConfig.class_trait_names(config=True):
        assert f"| `{name}` |" in markdown()

"""The repository's fitting scripts: where they may write a model."""

from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT


def fit_output():
    spec = importlib.util.spec_from_file_location("fit_output", ROOT / "scripts" / "fit_output.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_fitting_script_never_writes_over_an_input_or_a_folder(tmp_path):
    refuse = fit_output().refuse_input_as_output
    rows = tmp_path / "rows.jsonl"
    rows.write_text("{}\n")
    # The same file under another spelling is still the input.
    with pytest.raises(SystemExit, match="is an input"):
        refuse("fit.py", str(tmp_path / "." / "rows.jsonl"), [str(rows)])
    with pytest.raises(SystemExit, match="is not a regular file"):
        refuse("fit.py", str(tmp_path), [str(rows)])
    # A new file is fine, and the input is as it was.
    refuse("fit.py", str(tmp_path / "model.json"), [str(rows)])
    assert rows.read_text() == "{}\n"

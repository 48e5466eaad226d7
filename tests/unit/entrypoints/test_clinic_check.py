"""`clinicflow clinic check` says which locale and register a clinic file comes to."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.clinic_config.toml_file import demo_clinic_path
from entrypoints.cli import main


def test_the_check_says_how_the_clinic_speaks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    demo = Path(str(demo_clinic_path())).read_text(encoding="utf-8")
    mexican = demo.replace(
        'timezone = "America/Santiago"', 'timezone = "America/Mexico_City"\nregister = "usted"'
    )
    path = tmp_path / "cdmx.toml"
    path.write_text(mexican, encoding="utf-8")
    assert main(["clinic", "check", str(path)]) == 0
    assert "speaks es-MX, with usted" in capsys.readouterr().out


def test_the_check_shows_the_privacy_notice_and_retention(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clinic", "check", str(demo_clinic_path())]) == 0
    out = capsys.readouterr().out
    assert "privacy notice 2026-12: its own text, link https://sonrisa.example/privacidad" in out
    assert "keeps messages 90 days, receipts 30 days, outbound log 90 days, clinical records 15 years" in out

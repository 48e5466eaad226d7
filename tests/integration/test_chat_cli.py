"""`clinicflow chat` as a newcomer runs it: a real process, lines typed on its standard input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

NOW = "2026-11-30T09:00:00-03:00"  # a Monday morning in Santiago


def chat(*lines: str, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLINICFLOW_", "META_"))}
    return subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", "chat", "--now", NOW, *extra],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def test_a_patient_books_in_the_terminal_pressing_buttons_by_number() -> None:
    done = chat(
        "Hola", "Quiero agendar una cita", "mañana en la tarde", "a las 4:30", "Ana López", "1", "/salir"
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Clínica Dental Sonrisa" in out
    assert "[1] Confirmar" in out
    assert "[2] Cambiar" in out
    assert "[3] Cancelar" in out
    assert "✅ ¡Listo, Ana! Tu cita quedó agendada" in out
    assert "martes 1 de diciembre a las 16:30" in out
    assert out.rstrip().endswith("¡Hasta pronto!")


def test_end_of_input_ends_the_chat_cleanly() -> None:
    done = chat("hola")
    assert done.returncode == 0, done.stderr
    assert "¡Hasta pronto!" in done.stdout


def test_a_broken_clinic_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "clinic.toml"
    broken.write_text('[clinic]\nid = "x"\n', encoding="utf-8")
    done = chat("hola", extra=("--clinic", str(broken)))
    assert done.returncode == 2
    assert done.stderr.startswith("clinicflow: ")
    assert "clinic.toml" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_parent_books_a_cleaning_for_a_child_then_is_offered_the_family_next_time() -> None:
    done = chat(
        "hola, tienen hora para una limpieza para mi hijo Mateo Rojas el viernes en la tarde?",
        "a las 4",
        "1",
        "¿cuánto sale un blanqueamiento?",
        "quiero otra hora el sábado a las 10",
        "/salir",
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "«Limpieza dental» (60 min)" in out  # only times a whole cleaning fits in
    assert "👤 Mateo Rojas (tu hijo)" in out
    assert "📋 Limpieza dental · 60 min · $35.000" in out
    assert "¡Listo! La cita de Mateo Rojas quedó agendada" in out
    assert "viernes 4 de diciembre a las 16:00" in out
    assert "Blanqueamiento dental cuesta desde $120.000 y dura unos 90 min." in out
    assert "¿Para quién es la cita?" in out
    assert "[1] Mateo Rojas" in out
    assert "[2] Otra persona" in out

"""Real Spanish speech for tests: espeak-ng says the text, opus-tools encode it as WhatsApp sends a
voice note (Ogg Opus, mono, a low bitrate)."""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from pathlib import Path

VOICE_NOTE_TYPE = "audio/ogg; codecs=opus"  # what Meta says a voice note is


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: scripts/ensure-services installs espeak-ng and opus-tools"
    return found


@functools.cache
def spoken(text: str, voice: str = "es") -> bytes:
    """``text`` said in Spanish (``voice``: espeak-ng's es, es-419...), as a voice note's bytes."""
    with tempfile.TemporaryDirectory(prefix="clinicflow-voice-") as folder:
        wav, ogg = Path(folder) / "said.wav", Path(folder) / "said.ogg"
        subprocess.run(
            [_tool("espeak-ng"), "-v", voice, "-w", str(wav), text], check=True, capture_output=True
        )
        subprocess.run(
            [_tool("opusenc"), "--quiet", "--bitrate", "16", "--downmix-mono", str(wav), str(ogg)],
            check=True,
            capture_output=True,
        )
        return ogg.read_bytes()

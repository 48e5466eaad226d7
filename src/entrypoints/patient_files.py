"""A patient's file as a browser gets it, from the console or the staff API: shown in the page
when it is a picture, a sound or a video a browser plays without running anything, else
downloaded under a name that cannot break the header. (Every such answer is also sandboxed by
``entrypoints.security_headers``.)"""

from __future__ import annotations

import re
from urllib.parse import quote

from litestar import Response

from application.ports import MediaFile

# Files a browser shows or plays without running anything in them; everything else is downloaded
# (a patient's "document" may be HTML or SVG: served inline from the console's origin, it could run).
PLAYABLE = {
    "image": frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"}),
    "audio": frozenset({"audio/ogg", "audio/mpeg", "audio/mp4", "audio/aac", "audio/amr", "audio/opus"}),
    "video": frozenset({"video/mp4", "video/3gpp", "video/webm"}),
}


def essence(mime_type: str) -> str:
    return mime_type.split(";")[0].strip().lower()


def player(mime_type: str) -> str:
    """How a page shows the file: image, audio, video, or file (a download)."""
    plain = essence(mime_type)
    return next((kind for kind, types in PLAYABLE.items() if plain in types), "file")


def shown_as(file: MediaFile) -> str:
    """The Content-Type a file is served with: its own when a browser shows it safely, else bytes."""
    return essence(file.mime_type) if player(file.mime_type) != "file" else "application/octet-stream"


def disposition(file: MediaFile) -> dict[str, str]:
    """Shown in the page, or downloaded under a name that cannot break the header."""
    if player(file.mime_type) != "file":
        return {"Content-Disposition": "inline"}
    name = file.filename or "archivo"
    ascii_name = re.sub(r"[^A-Za-z0-9._ -]", "_", name)[:100] or "archivo"
    return {
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name[:100])}"
    }


def file_response(file: MediaFile) -> Response[bytes]:
    return Response(file.content, media_type=shown_as(file), headers=disposition(file))

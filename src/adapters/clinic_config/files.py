"""Implements ``ClinicFiles`` with the TOML file: the settings judged by the file's own parser.

A document is checked by writing it as TOML and reading it back with ``parse_clinic``, so the
console's forms, an uploaded file and ``clinicflow clinic load`` meet one set of rules and one
set of messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import tomli_w

from adapters.clinic_config.toml_file import ClinicConfigError, parse_clinic
from adapters.clinic_config.toml_writer import clinic_document, clinic_toml
from application.ports import InvalidClinicFile
from domain.clinic import Clinic


class TomlClinicFiles:
    """Implements ``ClinicFiles``."""

    def document(self, clinic: Clinic) -> dict[str, Any]:
        return clinic_document(clinic)

    def read(self, document: Mapping[str, Any]) -> Clinic:
        try:
            text = tomli_w.dumps(document)
        except (TypeError, ValueError) as exc:  # a value TOML cannot hold (None, an object)
            raise InvalidClinicFile(f"cannot be written as TOML: {exc}") from exc
        return self.parse(text)

    def text(self, clinic: Clinic) -> str:
        return clinic_toml(clinic)

    def parse(self, data: bytes | str) -> Clinic:
        try:
            return parse_clinic(data, source="")
        except ClinicConfigError as exc:
            raise InvalidClinicFile(exc.detail) from exc

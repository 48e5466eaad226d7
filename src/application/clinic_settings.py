"""A clinic's settings changed by its admin: read, edit, judge by the clinic file's rules, store, audit.

A change is an edit of the clinic's document, the tables its file holds (``ClinicFiles``): the
console's forms and an uploaded file both end as a document the file's own parser reads, so one
set of rules and messages judges them and ``clinicflow clinic load``. Nothing is stored when the
parser refuses. What changed is named in the audit log by section and id (``doctors: added
"lopez"``), never with a blocked number; a change is seen at once by this process and within the
clinic cache's time to live by the others (``ClinicStore``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from application.audit import Audit, Origin
from application.ports import AuditAction, ClinicFiles, ClinicStore, InvalidClinicFile, UnknownClinic
from domain.clinic import Clinic
from domain.ids import ClinicId

Document = dict[str, Any]
Edit = Callable[[Document], None]

# The file's lists of tables whose entries have an id, and the key that names them.
_KEYED_LISTS = frozenset({"doctors", "services", "campaigns"})
_PRIVATE = frozenset({"blocked_numbers"})  # patients' numbers: counted, never written in the log


@dataclass(frozen=True, slots=True)
class ClinicSettings:
    store: ClinicStore
    files: ClinicFiles
    audit: Audit

    async def clinic(self, clinic_id: ClinicId) -> Clinic:
        clinic = await self.store.get(clinic_id)
        if clinic is None:
            raise UnknownClinic(clinic_id)
        return clinic

    async def document(self, clinic_id: ClinicId) -> Document:
        """The clinic's document as stored now, for a form to show."""
        return self.files.document(await self.clinic(clinic_id))

    async def change(self, origin: Origin, clinic_id: ClinicId, edit: Edit) -> Clinic:
        """Apply ``edit`` to the clinic's document and store what it comes to.

        ``InvalidClinicFile`` (nothing stored) when the result breaks a rule of the file, or when
        ``edit`` itself refuses with one."""
        current = await self.clinic(clinic_id)
        document = self.files.document(current)
        edit(document)
        changed = self.files.read(document)
        return await self._store(origin, current, changed, "")

    async def import_file(self, origin: Origin, clinic_id: ClinicId, data: bytes | str) -> Clinic:
        """The clinic as an uploaded file describes it; ``InvalidClinicFile`` (nothing stored) when
        the file breaks a rule or describes another clinic."""
        current = await self.clinic(clinic_id)
        changed = self.files.parse(data)
        if changed.id != current.id:
            raise InvalidClinicFile(
                f'clinic.id: "{changed.id}" is another clinic; this one is "{current.id}"'
            )
        return await self._store(origin, current, changed, "from a file: ")

    async def export(self, origin: Origin, clinic_id: ClinicId) -> str:
        """The clinic's file as stored now; recorded, since it lists the numbers the clinic blocks."""
        text = self.files.text(await self.clinic(clinic_id))
        await self.audit.record(origin, AuditAction.SETTINGS_EXPORTED, clinic_id)
        return text

    async def _store(self, origin: Origin, current: Clinic, changed: Clinic, how: str) -> Clinic:
        what = describe(self.files.document(current), self.files.document(changed))
        if not what:
            return current  # nothing changed: nothing stored, nothing to record
        await self.store.save(changed)
        await self.audit.record(origin, AuditAction.SETTINGS_CHANGED, current.id, how + what)
        return changed


# --- Edits the console's forms make -------------------------------------------------------


def put_entry(document: Document, section: str, table: Document, replacing: str | None = None) -> None:
    """Add ``table`` to the list of tables ``section`` (``doctors``, ``services``), or put it in
    the place of the entry whose id is ``replacing``."""
    entries: list[Document] = document.setdefault(section, [])
    if replacing is None:
        entries.append(table)
        return
    entries[_index(entries, replacing, section)] = table


def remove_doctor(document: Document, doctor_id: str) -> None:
    """The doctor leaves the clinic's list (stored as inactive: her appointments stay), and the
    services she did no longer name her. A service only she did would fall to every doctor, so
    that is refused: the admin chooses another doctor for it, or removes it, first."""
    doctors: list[Document] = document.get("doctors", [])
    del doctors[_index(doctors, doctor_id, "doctors")]
    for index, service in enumerate(document.get("services", [])):
        named = service.get("doctors")
        if not named or doctor_id not in named:
            continue
        if named == [doctor_id]:
            raise InvalidClinicFile(
                f'services[{index}].doctors: only "{doctor_id}" does "{service.get("name", "")}"; '
                "give it another doctor or remove it first"
            )
        service["doctors"] = [d for d in named if d != doctor_id]


def remove_entry(document: Document, section: str, entry_id: str) -> None:
    entries: list[Document] = document.get(section, [])
    del entries[_index(entries, entry_id, section)]


def _index(entries: Sequence[Mapping[str, Any]], entry_id: str, section: str) -> int:
    for index, entry in enumerate(entries):
        if entry.get("id") == entry_id:
            return index
    raise InvalidClinicFile(f'{section}: no entry "{entry_id}" (it may have just been removed)')


# --- What changed, for the audit log ------------------------------------------------------


def describe(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """What changed between two documents, by section and id, without a patient's number:
    ``clinic: name, minimum_notice_minutes; doctors: added "lopez"``; "" when nothing did."""
    return "; ".join(_differences(before, after, ""))


def _differences(before: Mapping[str, Any], after: Mapping[str, Any], path: str) -> list[str]:
    found: list[str] = []
    changed_keys: list[str] = []
    for key in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        where = f"{path}{key}"
        if key in _PRIVATE:
            changed_keys.append(f"{key} ({len(old or [])} to {len(new or [])})")
        elif key in _KEYED_LISTS and isinstance(old or [], list) and isinstance(new or [], list):
            found.append(f"{where}: {_list_changes(old or [], new or [])}")
        elif isinstance(old, Mapping) and isinstance(new, Mapping):
            found.extend(_differences(old, new, f"{where}."))
        elif key == "faq" or not path:
            found.append(f"{where}: {_count_changes(old, new)}")
        else:
            changed_keys.append(key)
    if changed_keys:
        found.insert(0, f"{path.rstrip('.') or 'document'}: {', '.join(changed_keys)}")
    return found


def _list_changes(before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]]) -> str:
    old = {str(entry.get("id")): entry for entry in before}
    new = {str(entry.get("id")): entry for entry in after}
    parts = [f'added "{i}"' for i in new if i not in old]
    parts += [f'removed "{i}"' for i in old if i not in new]
    for entry_id in (i for i in new if i in old and new[i] != old[i]):
        keys = [k for k in {**old[entry_id], **new[entry_id]} if old[entry_id].get(k) != new[entry_id].get(k)]
        parts.append(f'changed "{entry_id}" ({", ".join(keys)})')
    if not parts:
        parts.append("order")
    return ", ".join(parts)


def _count_changes(before: object, after: object) -> str:
    if isinstance(before, list) and isinstance(after, list):
        changed = [str(i) for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b]
        parts = [f"{len(before)} to {len(after)} entries"] if len(before) != len(after) else []
        if changed:
            parts.append(f"changed {', '.join(changed)}")
        return ", ".join(parts)
    return "set" if before is None else "removed" if after is None else "changed"

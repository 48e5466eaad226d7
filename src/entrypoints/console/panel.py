"""``/console/panel``: the clinic's figures by day (last 30 days) or by week (last 12 weeks), one
chart per figure drawn on the server, each with its figures in a table beneath."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter, SkipValidation
from litestar.response import Template
from markupsafe import Markup

from application.dashboard import Dashboard, ShowDashboard
from application.ports.figures import Figure
from domain.figures import Grain, Period
from domain.staff import Permission
from entrypoints.console.charts import Chart, Series, Shape, render
from entrypoints.console.signed_in import Staff, Time, page_context
from entrypoints.roles import PERMISSION

Dashboards = NamedDependency[SkipValidation[ShowDashboard]]

WEEKDAYS = ("lun", "mar", "mié", "jue", "vie", "sáb", "dom")
RECORDED = {
    Figure.CONVERSATIONS: "las conversaciones",
    Figure.HANDOFFS: "las derivaciones al personal",
    Figure.MODEL_CALLS: "las llamadas al modelo",
}


def short(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}"


def long(day: date, grain: Grain) -> str:
    stamp = f"{day.day:02d}/{day.month:02d}/{day.year}"
    return f"Semana del {stamp}" if grain is Grain.WEEK else f"{WEEKDAYS[day.weekday()]} {stamp}"


def share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def dollars(value: Decimal | None) -> str:
    return "—" if value is None else f"US$ {value:.2f}"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    cell: Callable[[Period], str]


@dataclass(frozen=True, slots=True)
class ChartView:
    """A chart and the table that says its figures."""

    key: str
    title: str
    svg: Markup
    columns: Sequence[str]
    rows: Sequence[tuple[str, Sequence[str]]]
    total: Sequence[str]


def _view(
    dashboard: Dashboard,
    key: str,
    title: str,
    series: Sequence[tuple[str, Callable[[Period], float | None]]],
    columns: Sequence[Column],
    *,
    shape: Shape = Shape.BARS,
    whole: bool = True,
    tick: Callable[[float], str] = lambda value: f"{value:g}",
) -> ChartView:
    shown = dashboard.periods
    sums = [column.cell(dashboard.totals) for column in columns]
    summary = "; ".join(f"{c.name}: {s}" for c, s in zip(columns, sums, strict=True))
    grain = dashboard.grain
    description = (
        f"{'Por día' if grain is Grain.DAY else 'Por semana'}, del {long(dashboard.first, Grain.DAY)} "
        f"al {long(dashboard.last, Grain.DAY)}. En total: {summary}."
    )
    chart = Chart(
        key=key,
        title=title,
        description=description,
        labels=[short(p.start) for p in shown],
        series=[Series(name, [value(p) for p in shown]) for name, value in series],
        shape=shape,
        whole=whole,
        tick=tick,
    )
    rows = [(long(p.start, grain), [c.cell(p) for c in columns]) for p in shown]
    return ChartView(key, title, render(chart), [c.name for c in columns], rows, sums)


def charts(dashboard: Dashboard) -> list[ChartView]:
    """One chart per figure the clinic follows."""
    return [
        _view(
            dashboard,
            "conversaciones",
            "Conversaciones",
            [("Conversaciones", lambda p: p.counts.conversations)],
            [Column("Conversaciones", lambda p: str(p.counts.conversations))],
        ),
        _view(
            dashboard,
            "citas",
            "Citas reservadas, por el asistente y por el personal",
            [
                ("Asistente", lambda p: p.counts.booked_by_bot),
                ("Personal", lambda p: p.counts.booked_by_staff),
            ],
            [
                Column("Por el asistente", lambda p: str(p.counts.booked_by_bot)),
                Column("Por el personal", lambda p: str(p.counts.booked_by_staff)),
            ],
        ),
        _view(
            dashboard,
            "derivadas",
            "Conversaciones derivadas al personal (%)",
            [("Derivadas", lambda p: None if p.handoff_share is None else p.handoff_share * 100)],
            [
                Column("Derivadas", lambda p: str(p.counts.handoffs)),
                Column("Del total", lambda p: share(p.handoff_share)),
            ],
            shape=Shape.LINE,
            whole=False,
            tick=lambda value: f"{value:g} %",
        ),
        _view(
            dashboard,
            "inasistencias",
            "Inasistencias",
            [("Inasistencias", lambda p: p.counts.no_shows)],
            [Column("Inasistencias", lambda p: str(p.counts.no_shows))],
        ),
        _view(
            dashboard,
            "recordatorios",
            "Respuestas a recordatorios: asistencia confirmada",
            [("Confirmadas", lambda p: p.counts.reminder_answers)],
            [Column("Asistencias confirmadas", lambda p: str(p.counts.reminder_answers))],
        ),
        _view(
            dashboard,
            "llamadas",
            "Llamadas al modelo de lenguaje",
            [("Llamadas", lambda p: p.counts.model_calls)],
            [
                Column("Llamadas", lambda p: str(p.counts.model_calls)),
                Column("Tokens", lambda p: str(p.counts.model_tokens)),
            ],
        ),
        _view(
            dashboard,
            "costo",
            "Costo del modelo por cita reservada por el asistente (US$)",
            [("Costo por cita", lambda p: None if p.cost_per_booking is None else float(p.cost_per_booking))],
            [
                Column("Costo del modelo", lambda p: dollars(p.cost)),
                Column("Citas del asistente", lambda p: str(p.counts.booked_by_bot)),
                Column("Costo por cita", lambda p: dollars(p.cost_per_booking)),
            ],
            shape=Shape.LINE,
            whole=False,
            tick=lambda value: f"{value:g}",
        ),
    ]


def notes(dashboard: Dashboard) -> list[str]:
    """What the figures cannot say: days before a figure was recorded, one sentence a day."""
    by_day: dict[date, list[str]] = {}
    for figure in Figure:
        day = dashboard.recorded_from.get(figure)
        if day is not None:
            by_day.setdefault(day, []).append(RECORDED[figure])
    return [
        f"{_listed(named).capitalize()} se registran desde el {long(day, Grain.DAY)}: los días anteriores "
        "aparecen en cero."
        for day, named in sorted(by_day.items())
    ]


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} y {names[-1]}"


class PanelPage(Controller):
    path = "/"

    @get("/panel", name="console_panel", opt={PERMISSION: Permission.SEE})
    async def panel(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        clock: Time,
        dashboard: Dashboards,
        por: Annotated[
            Literal["dia", "semana"], QueryParameter(description="dia: last 30 days; semana: last 12 weeks")
        ] = "dia",
    ) -> Template:
        grain = Grain.WEEK if por == "semana" else Grain.DAY
        shown = await dashboard(staff.clinic, staff.clinic.today(clock.now()), grain)
        context = page_context(
            staff,
            "panel",
            request,
            by=por,
            charts=charts(shown),
            notes=notes(shown),
            grain_label="Semana" if grain is Grain.WEEK else "Día",
            price=dashboard.price,
        )
        return Template("panel.html", context=context)

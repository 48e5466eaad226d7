"""The panel's charts: well-formed SVG that names itself, escapes what it says, and scales."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from application.dashboard import Dashboard
from application.ports.figures import Figure
from domain.figures import Counts, DayCounts, Grain, TokenPrice, periods
from entrypoints.console.charts import Chart, Series, Shape, nice_top, render
from entrypoints.console.panel import charts, notes
from tests.svg import NS as SVG
from tests.svg import parsed


def test_a_chart_is_well_formed_svg_labelled_by_its_title_and_description() -> None:
    chart = Chart(
        key="citas",
        title="Citas <reservadas> & más",
        description='Total: "3"',
        labels=["01/12", "02/12"],
        series=[Series("Asistente", [1, 2]), Series("Personal <x>", [0, None])],
    )
    svg = parsed(str(render(chart)))
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert svg.get("width") == "100%"
    assert svg.get("viewBox") == "0 0 400 240"
    assert svg.get("aria-labelledby") == "citas-titulo"
    assert svg.get("aria-describedby") == "citas-desc"
    assert svg.find(f"{SVG}title").text == "Citas <reservadas> & más"  # type: ignore[union-attr]
    assert svg.find(f"{SVG}desc").text == 'Total: "3"'  # type: ignore[union-attr]
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Personal <x>" in texts, "the legend names each series"
    assert len(list(svg.iter(f"{SVG}rect"))) == 2 + 2, (
        "two bars (zero and none draw nothing) and two legend keys"
    )
    assert "style" not in str(render(chart)), "the CSP forbids inline styles"


def test_a_line_breaks_where_a_value_is_missing() -> None:
    chart = Chart(
        "costo", "Costo", "", ["a", "b", "c"], [Series("c", [0.5, None, 0.25])], Shape.LINE, whole=False
    )
    svg = parsed(str(render(chart)))
    path = svg.find(f"{SVG}path")
    assert path is not None
    assert path.get("d", "").count("M") == 2
    assert len(list(svg.iter(f"{SVG}circle"))) == 2


def test_the_axis_top_is_a_round_number_at_or_above_the_highest_value() -> None:
    assert nice_top(0, whole=True) == 4
    assert nice_top(3, whole=True) == 4, "counts step by whole numbers"
    assert nice_top(17, whole=True) == 20
    assert nice_top(30, whole=True) == 40, "never 7.5 a step: 10"
    assert nice_top(0.37, whole=False) == 0.4
    assert nice_top(60, whole=False) == 80
    assert nice_top(130, whole=True) == 200


def test_the_panel_draws_every_figure_with_a_table_matching_it() -> None:
    first, last = date(2026, 12, 1), date(2026, 12, 2)
    counts = Counts(
        conversations=4, handoffs=1, booked_by_bot=2, booked_by_staff=1, model_calls=6, model_tokens=20_000
    )
    shown = periods([DayCounts(first, counts)], first, last, Grain.DAY, TokenPrice("m", Decimal(1)))
    totals = shown[0]
    views = {view.key: view for view in charts(Dashboard(Grain.DAY, first, last, shown, totals))}
    assert list(views) == [
        "conversaciones",
        "citas",
        "derivadas",
        "inasistencias",
        "recordatorios",
        "llamadas",
        "costo",
    ]
    assert views["citas"].rows[0] == ("mar 01/12/2026", ["2", "1"])
    assert views["derivadas"].rows[0][1] == ["1", "25 %"]
    assert views["derivadas"].rows[1][1] == ["0", "—"], "no conversations, no share"
    assert views["costo"].rows[0][1] == ["US$ 0.02", "2", "US$ 0.01"]
    for view in views.values():
        parsed(str(view.svg))


def test_figures_recorded_only_lately_are_named_together_with_the_day_they_start() -> None:
    first, last = date(2026, 12, 1), date(2026, 12, 7)
    shown = periods([], first, last, Grain.DAY, TokenPrice("m", Decimal(1)))
    since = {Figure.CONVERSATIONS: date(2026, 12, 5), Figure.MODEL_CALLS: date(2026, 12, 5)}
    said = notes(Dashboard(Grain.DAY, first, last, shown, shown[0], since))
    assert said == [
        "Las conversaciones y las llamadas al modelo se registran desde el sáb 05/12/2026: "
        "los días anteriores aparecen en cero."
    ]

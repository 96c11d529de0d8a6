"""The numbers behind the results chart, drawn as SVG by templates/evaluations/results/_chart.svg.

Kept apart from the template so the arithmetic can be tested. Each bar is also labelled with
its value, and the same numbers are in a table beside the chart.
"""

from dataclasses import dataclass

# Colours with at least 4.5:1 contrast on white, one per voice, in the voices' order.
VOICE_COLOURS = ["#1d70b8", "#00703c", "#4c2c92", "#d4351c", "#505a5f", "#912b88"]

LABEL_WIDTH = 260
PLOT_WIDTH = 400
VALUE_WIDTH = 140
BAR_HEIGHT = 14
BAR_GAP = 4
GROUP_GAP = 22
TOP = 30


@dataclass
class Bar:
    label: str
    colour: str
    y: float
    width: float  # 0 when there is no score to draw
    text: str  # the value, or why there is none
    text_x: float


@dataclass
class BarGroup:
    """One domain's bars in the chart."""

    title: str
    y: float  # where the group's title sits
    bars: list


def bar_width(score):
    """0–100 mapped onto the plot; anything outside is clamped."""
    return PLOT_WIDTH * max(0, min(100, score)) / 100


def results_chart(results, *, threshold, no_score_text, suppressed_text, protects_text=""):
    """Groups of bars, one group per domain and one bar per voice, and the total height."""
    groups, y = [], TOP
    for result in results:
        bars = []
        title_y = y
        y += BAR_GAP + 10
        for index, voice in enumerate(result.voices):
            if voice.suppressed:
                width = 0
                text = protects_text if voice.protects_others and protects_text else (
                    suppressed_text)
            elif voice.score is None:
                width, text = 0, no_score_text
            else:
                width, text = bar_width(voice.score), str(voice.score)
            bars.append(Bar(
                label=voice.label, colour=VOICE_COLOURS[index % len(VOICE_COLOURS)], y=y,
                width=width, text=text, text_x=LABEL_WIDTH + width + 6,
            ))
            y += BAR_HEIGHT + BAR_GAP
        groups.append(BarGroup(title=f"{result.domain.number}. {result.domain.title}",
                            y=title_y, bars=bars))
        y += GROUP_GAP
    return {
        "groups": groups,
        "height": y,
        "width": LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        "plot_left": LABEL_WIDTH,
        "plot_width": PLOT_WIDTH,
        "bar_height": BAR_HEIGHT,
        "ticks": [{"value": v, "x": LABEL_WIDTH + bar_width(v)} for v in (0, 25, 50, 75, 100)],
        "threshold": threshold,
    }

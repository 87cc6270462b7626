"""Scoring of an assessment (考核排名): pure maths, no database.

Each item of an assessment scores a figure for every brigade:
- by rank: among the brigades with a valid figure, the best gets the item's full weight, the worst
  none, the ones between in proportion to their rank (n brigades: weight × (n − rank) ÷ (n − 1));
  equal figures share the better rank. A single valid brigade gets the full weight.
- against a target: weight × achievement, achievement = figure ÷ target when higher is better,
  target ÷ figure when lower is better (a figure of 0 then achieves fully), capped at 1: a
  satisfaction rate of 97.5 % against 95 % earns full marks, 76 % earns 80 % of them. A rate whose
  item names a target is always scored against it (brigades.figures.ranking): ranking rates relative to the
  best brigade would give 0 to a brigade at 97.5 % when the others are at 99 %.
A rate from too small a base (below its metric's min_base) is not scored: the brigade is judged on
its other items. The score is the points earned ÷ the weights of the items it was scored on × 100,
so 0–100 whatever the number of items; a brigade scored on no item has no score and no rank, and one
scored on less than half of the assessment's weight has its score shown but is not ranked (marked
insufficient): a brigade with almost no records must not outrank one judged on every figure.
Brigades are ranked by score (equal scores, to two decimals, share a rank: 1, 1, 3).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
MIN_SCORED_SHARE = Decimal("0.5")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Item:
    key: str
    weight: Decimal
    higher_is_better: bool = True
    method: str = "rank"  # or "target"
    target: Decimal | None = None
    min_base: int | None = None  # shown on the page; applied to the figures before scoring


@dataclass
class ItemScore:
    value: Decimal | None
    points: Decimal | None  # None: not scored (no figure or too small a base)
    insufficient: bool = False
    item_rank: int | None = None
    contribution: Decimal | None = None  # points ÷ scored weights × 100: its share of the score


@dataclass
class BrigadeScore:
    brigade_id: int
    score: Decimal | None
    rank: int | None = None
    items: dict = field(default_factory=dict)
    previous_rank: int | None = None
    movement: int | None = None  # places gained since the previous period (positive: up)
    drivers: list = field(default_factory=list)  # [(key, change of contribution)], largest first
    insufficient: bool = False  # scored on less than MIN_SCORED_SHARE of the weight: not ranked
    scored_weight: Decimal = Decimal(0)  # the weights of the items it was scored on (the score's base)
    total_weight: Decimal = Decimal(0)  # the assessment's weights


def competition_ranks(values, higher_is_better=True):
    """{id: rank} for {id: value}: equal values share the better rank (1, 1, 3)."""
    ranks = {}
    for brigade_id, value in values.items():
        better = sum(1 for other in values.values() if (other > value if higher_is_better else other < value))
        ranks[brigade_id] = better + 1
    return ranks


def item_points(item, values):
    """{brigade_id: (points, item rank)} for the valid values {brigade_id: value}."""
    if item.method == "target":
        target = Decimal(item.target)
        result = {}
        for brigade_id, value in values.items():
            if item.higher_is_better:
                achievement = value / target
            else:
                achievement = Decimal(1) if value <= 0 else target / value
            achievement = max(Decimal(0), min(Decimal(1), achievement))
            result[brigade_id] = (item.weight * achievement, None)
        ranks = competition_ranks(values, item.higher_is_better)
        return {b: (points, ranks[b]) for b, (points, _r) in result.items()}
    ranks = competition_ranks(values, item.higher_is_better)
    n = len(values)
    if n == 1:
        return {b: (item.weight, 1) for b in values}
    return {b: (item.weight * Decimal(n - rank) / Decimal(n - 1), rank) for b, rank in ranks.items()}


def score(items, figures):
    """[BrigadeScore] ranked best first, from `figures` {brigade_id: {key: figure}} where a figure
    has `.value` (None when missing) and `.insufficient`."""
    results = {b: BrigadeScore(b, None) for b in figures}
    scored_weight = {b: Decimal(0) for b in figures}
    earned = {b: Decimal(0) for b in figures}
    for item in items:
        valid = {}
        for brigade_id, by_key in figures.items():
            figure = by_key.get(item.key)
            value = getattr(figure, "value", None)
            insufficient = bool(getattr(figure, "insufficient", False))
            results[brigade_id].items[item.key] = ItemScore(value, None, insufficient)
            if value is not None and not insufficient:
                valid[brigade_id] = Decimal(value)
        for brigade_id, (points, rank) in item_points(item, valid).items():
            entry = results[brigade_id].items[item.key]
            entry.points, entry.item_rank = points, rank
            earned[brigade_id] += points
            scored_weight[brigade_id] += item.weight
    for brigade_id, result in results.items():
        if scored_weight[brigade_id] > 0:
            result.score = (earned[brigade_id] / scored_weight[brigade_id] * HUNDRED).quantize(CENT, ROUND_HALF_UP)
            for entry in result.items.values():
                if entry.points is not None:
                    entry.contribution = (entry.points / scored_weight[brigade_id] * HUNDRED).quantize(CENT, ROUND_HALF_UP)
    total_weight = sum((item.weight for item in items), Decimal(0))
    for brigade_id, result in results.items():
        result.scored_weight, result.total_weight = scored_weight[brigade_id], total_weight
        if result.score is not None and scored_weight[brigade_id] < total_weight * MIN_SCORED_SHARE:
            result.insufficient = True
    ranks = competition_ranks({b: r.score for b, r in results.items() if r.score is not None and not r.insufficient})
    for brigade_id, rank in ranks.items():
        results[brigade_id].rank = rank
    return sorted(results.values(), key=lambda r: (r.rank is None, r.rank or 0, r.brigade_id))


def explain_movement(current, previous, top=2):
    """Fill movement and drivers of each current BrigadeScore from the previous period's scores.
    A driver is an item whose points (out of its weight) really changed, scored in both periods:
    an item scored the same, or left out in either period, is never named."""
    before = {r.brigade_id: r for r in previous}
    for result in current:
        earlier = before.get(result.brigade_id)
        if earlier is None:
            continue
        result.previous_rank = earlier.rank
        if result.rank is not None and earlier.rank is not None:
            result.movement = earlier.rank - result.rank
        changes = []
        for key, entry in result.items.items():
            old = earlier.items.get(key)
            if entry.points is None or old is None or old.points is None:
                continue
            if entry.points != old.points:
                changes.append((key, (entry.points - old.points).quantize(CENT, ROUND_HALF_UP)))
        changes.sort(key=lambda change: abs(change[1]), reverse=True)
        result.drivers = [change for change in changes[:top] if change[1]]
    return current

"""Distributions and the report table."""

import json


def distribution(samples):
    """min/p50/p90/p99/max of a list of numbers (same unit in, same unit out)."""
    xs = sorted(samples)
    if not xs:
        return None

    def pct(p):
        return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]

    return {"n": len(xs), "min": xs[0], "p50": pct(50), "p90": pct(90), "p99": pct(99), "max": xs[-1]}


class Report(object):
    """Rows of (scenario, metric, distribution or value, baseline) printed as one table and saved as JSON."""

    def __init__(self, meta):
        self.meta = meta
        self.rows = []

    def add(self, scenario, metric, unit, value, baseline=None, baseline_label=None, note=None):
        """`value`/`baseline`: a distribution dict or a plain number."""
        self.rows.append(
            {
                "scenario": scenario,
                "metric": metric,
                "unit": unit,
                "value": value,
                "baseline": baseline,
                "baseline_label": baseline_label,
                "note": note,
            }
        )
        print("  %-28s %-34s %s" % (scenario, metric, _short(value, unit)), flush=True)

    def table(self):
        head = "| scenario | metric | min | p50 | p90 | p99 | max | baseline (p50) | ratio |"
        lines = [head, "|" + "---|" * 9]
        for row in self.rows:
            v, b = row["value"], row["baseline"]
            cells = [row["scenario"], row["metric"] + " (%s)" % row["unit"]]
            if isinstance(v, dict):
                cells += [_fmt(v[k]) for k in ("min", "p50", "p90", "p99", "max")]
                main = v["p50"]
            else:
                cells += ["", _fmt(v), "", "", ""]
                main = v
            base = b["p50"] if isinstance(b, dict) else b
            label = (" " + row["baseline_label"]) if row["baseline_label"] else ""
            cells.append((_fmt(base) + label) if base is not None else "")
            cells.append("%.2fx" % (main / base) if base not in (None, 0) and main is not None else "")
            lines.append("| " + " | ".join(cells) + " |")
        notes = [r for r in self.rows if r["note"]]
        if notes:
            lines.append("")
            for r in notes:
                lines.append("- %s / %s: %s" % (r["scenario"], r["metric"], r["note"]))
        return "\n".join(lines)

    def save(self, path):
        with open(path, "w") as f:
            json.dump({"meta": self.meta, "rows": self.rows}, f, indent=2)


def _fmt(x):
    if x is None:
        return ""
    if isinstance(x, float):
        return "%.3g" % x if abs(x) < 100 else "%.0f" % x
    return str(x)


def _short(v, unit):
    if isinstance(v, dict):
        return "p50 %s %s, p99 %s" % (_fmt(v["p50"]), unit, _fmt(v["p99"]))
    return "%s %s" % (_fmt(v), unit)

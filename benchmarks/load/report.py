"""Medians over rounds and the Markdown tables."""
import math
import statistics

BASELINE = "kestrel"
SLOW_PEER = "tornado"


def median(values):
    values = [v for v in values if v is not None and not math.isnan(v)]
    return statistics.median(values) if values else float("nan")


def _fmt(value, digits=2, suffix=""):
    return "–" if value is None or math.isnan(value) else f"{value:.{digits}f}{suffix}"


def _rate(value):
    if math.isnan(value):
        return "–"
    return f"{value / 1000:.1f}k" if value >= 1000 else f"{value:.0f}"


def _clean(text):
    return text.replace("|", "/").replace("\n", " ")[:100]


def _row(cells, width):
    return "| " + " | ".join(cells + [""] * (width - len(cells))) + " |"


def throughput_table(rows, servers, scenarios, baseline=BASELINE, slow_peer=SLOW_PEER):
    """rows: dicts with server, scenario, round and the WrkResult fields (or an 'error')."""
    def cell(server, scenario):
        return [r for r in rows if r["server"] == server and r["scenario"] == scenario and "error" not in r]

    medians = {}
    for s in servers:
        for sc in scenarios:
            runs = cell(s.name, sc.name)
            if runs:
                medians[(s.name, sc.name)] = {k: median([r[k] for r in runs]) for k in (
                    "rps", "p50_ms", "p99_ms", "batch_mean_ms", "wrk_cpu", "server_cpu")}
                medians[(s.name, sc.name)]["runs"] = len(runs)
                medians[(s.name, sc.name)]["errors"] = sum(r["errors"] for r in runs)
    lines = [
        "| server | scenario | req/s (median) | × Kestrel | × Tornado | p50 | p99 | mean per batch | wrk CPU | server CPU | errors | runs |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for sc in scenarios:
        base = medians.get((baseline, sc.name), {}).get("rps", float("nan"))
        slow = medians.get((slow_peer, sc.name), {}).get("rps", float("nan"))
        for s in servers:
            m = medians.get((s.name, sc.name))
            if m is None:
                failed = [r["error"] for r in rows if r["server"] == s.name and r["scenario"] == sc.name]
                if failed:
                    lines.append(_row([s.label, sc.name, "failed: " + _clean(failed[0])], 12))
                continue
            pipelined = sc.depth > 1
            lines.append("| " + " | ".join([
                s.label, sc.name, _rate(m["rps"]),
                _fmt(m["rps"] / base, 2, "×") if base == base else "–",
                _fmt(m["rps"] / slow, 1, "×") if slow == slow else "–",
                "–" if pipelined else _fmt(m["p50_ms"], 2, " ms"),
                "–" if pipelined else _fmt(m["p99_ms"], 2, " ms"),
                _fmt(m["batch_mean_ms"], 2, " ms") if pipelined else "–",
                _fmt(m["wrk_cpu"] * 100, 0, " %"),
                _fmt(m["server_cpu"] * 100, 0, " %"),
                str(m["errors"]), str(m["runs"]),
            ]) + " |")
    return "\n".join(lines)


def footprint_table(rows, servers, idle_connections, baseline=BASELINE):
    lines = [
        f"| server | start → first 200 | RSS idle | RSS with {idle_connections} idle conns | RSS per idle conn | conns held "
        f"| × {baseline} per conn | RSS after load | ≤ 2× idle + 10 MiB | binary |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    base_runs = [r for r in rows if r["server"] == baseline and "error" not in r]
    base_per_conn = median([r["kib_per_conn"] for r in base_runs]) if base_runs else float("nan")
    for s in servers:
        runs = [r for r in rows if r["server"] == s.name and "error" not in r]
        if not runs:
            failed = [r["error"] for r in rows if r["server"] == s.name]
            if failed:
                lines.append(_row([s.label, "failed: " + _clean(failed[0])], 10))
            continue
        first = median([r["first_200_ms"] for r in runs])
        idle = median([r["rss_idle_kib"] for r in runs])
        loaded = median([r["rss_conns_kib"] for r in runs])
        per_conn = median([r["kib_per_conn"] for r in runs])
        held = min(r["held"] for r in runs)
        after_load = median([r.get("rss_after_load_kib", float("nan")) for r in runs])
        within = "–" if math.isnan(after_load) else ("yes" if after_load <= 2 * idle + 10 * 1024 else "no")
        binary = f"{s.binary_bytes / 1048576:.1f} MiB" if s.kind == "aot" and s.binary_bytes else "–"
        lines.append("| " + " | ".join([
            s.label, _fmt(first, 0, " ms"), _fmt(idle / 1024, 1, " MiB"), _fmt(loaded / 1024, 1, " MiB"),
            _fmt(per_conn, 2, " KiB"), str(held), _fmt(per_conn / base_per_conn, 2, "×"),
            _fmt(after_load / 1024, 1, " MiB"), within, binary,
        ]) + " |")
    return "\n".join(lines)

"""The pure parts of the list benchmark (`scripts/bench_lists.py`): percentiles, the target check, the table and
the Markdown section it writes. No server, no database."""

import importlib.util
import math
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_lists.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_lists", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def row(figure="x", rps=100.0, p50=5.0, p99=20.0, errors=0, requests=1000, baseline=False):
    return {"figure": figure, "rps": rps, "p50": p50, "p99": p99, "errors": errors, "requests": requests,
            "baseline": baseline}  # fmt: skip


def test_percentile_interpolates_between_ranks(bench):
    values = [float(v) for v in range(1, 101)]  # 1 … 100
    assert bench.percentile(values, 50) == pytest.approx(50.5)
    assert bench.percentile(values, 99) == pytest.approx(99.01)
    assert bench.percentile(values, 0) == 1.0
    assert bench.percentile(values, 100) == 100.0
    assert bench.percentile([7.0], 99) == 7.0
    assert bench.percentile([3.0, 1.0, 2.0], 50) == 2.0  # unsorted input
    assert math.isnan(bench.percentile([], 50))


def test_summarise_counts_answered_requests_per_second(bench):
    summary = bench.summarise("f", [10.0] * 99 + [1000.0], errors=2, seconds=4.0)
    assert summary["requests"] == 100
    assert summary["rps"] == 25.0
    assert summary["p50"] == 10.0
    assert summary["p99"] == pytest.approx(19.9)  # 10 + 0.01 × 990
    assert summary["errors"] == 2


def test_verdict_checks_p99_throughput_and_errors(bench):
    assert bench.verdict(row(rps=250, p99=50.0), baseline_rps=1000) == "yes"  # both limits inclusive
    assert bench.verdict(row(rps=249, p99=50.1), baseline_rps=1000) == "no: p99, throughput"
    assert bench.verdict(row(rps=900, p99=10, errors=3), baseline_rps=1000) == "no: 3 errors"
    assert bench.verdict(row(rps=0, requests=0, errors=16), baseline_rps=1000) == "no: 16 errors, no answer"
    # The baseline is held to no target of its own, only to answering without errors.
    assert bench.verdict(row(rps=1000, p99=80, baseline=True), baseline_rps=1000) == "yes"
    assert bench.verdict(row(errors=1, baseline=True), baseline_rps=1000) == "no: 1 errors"


def test_table_gives_ratios_to_the_baseline(bench):
    rows = [
        row("/healthz (baseline)", rps=800.0, p50=2.0, p99=30.0, baseline=True),
        row("enrollments, centre, first page", rps=100.0, p50=150.0, p99=900.0),
    ]
    text = bench.table(rows).splitlines()
    assert text[0].split() == ["figure", "req/s", "p50", "ms", "p99", "ms", "×", "/healthz", "errors", "target", "met"]
    assert text[1].split()[-6:] == ["800.0", "2.0", "30.0", "1.00", "0", "yes"]
    assert text[2].split()[-8:] == ["100.0", "150.0", "900.0", "0.12", "0", "no:", "p99,", "throughput"]
    markdown = bench.table(rows, markdown=True).splitlines()
    assert markdown[0] == "| figure | req/s | p50 ms | p99 ms | × /healthz | errors | target met |"
    assert markdown[1] == "|---|---:|---:|---:|---:|---:|---|"
    assert markdown[3] == "| enrollments, centre, first page | 100.0 | 150.0 | 900.0 | 0.12 | 0 | no: p99, throughput |"


def test_replace_section_replaces_only_its_section(bench):
    document = "# Performance\n\n## A\n\nold a\n\n## Lists\n\nold lists\n\n## B\n\nb\n"
    replaced = bench.replace_section(document, "Lists", "new lists")
    assert replaced == "# Performance\n\n## A\n\nold a\n\n## Lists\n\nnew lists\n\n## B\n\nb\n"
    assert bench.replace_section(replaced, "Lists", "new lists") == replaced  # idempotent
    last = bench.replace_section("# P\n\n## Lists\n\nold\n", "Lists", "new")
    assert last == "# P\n\n## Lists\n\nnew\n"
    assert bench.replace_section("# P\n", "Lists", "new") == "# P\n\n## Lists\n\nnew\n"

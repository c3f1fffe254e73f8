"""Memory of answer bundles: peak Python allocation for N rows vs 10·N rows, same run.

Run: .venv/bin/python bench/bundle_memory.py [--rows N]
A streamed bundle's peak memory does not grow with the subject's data: goal ratio (10·N / N)
below 1.5. A bundle built in memory would show a ratio near 10.
"""

import argparse
import asyncio
import tempfile
import time
import tracemalloc
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

from alusta.tenants.dsr.answers.bundle import BundleSpec, RegisterExport, write_bundle

FIELDS = ("nimi", "email", "puhelin", "osoite", "huomautus")


async def rows(count: int) -> AsyncIterator[tuple[int, dict[str, str | None]]]:
    for number in range(count):
        yield number, {name: f"{name}-{number}-" + "x" * 40 for name in FIELDS}


async def peak_for(count: int, directory: Path) -> tuple[int, float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    spec = BundleSpec("ALU-BENCH", datetime.now(UTC), "cover", [RegisterExport("r", "R", FIELDS, rows(count))])
    summary = await write_bundle(directory / f"{count}.sealed", bytes(32), b"bench", spec)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, elapsed, summary.size_bytes


async def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        small_peak, small_time, small_size = await peak_for(count, Path(scratch))
        large_peak, large_time, large_size = await peak_for(10 * count, Path(scratch))
    print(f"{count:>9,} rows: peak {small_peak / 1e6:6.2f} MB, {small_time:5.2f} s, file {small_size / 1e6:7.1f} MB")
    print(
        f"{10 * count:>9,} rows: peak {large_peak / 1e6:6.2f} MB, {large_time:5.2f} s, file {large_size / 1e6:7.1f} MB"
    )
    ratio = large_peak / small_peak
    print(f"peak memory ratio 10N/N: {ratio:.2f} (goal < 1.5): {'ok' if ratio < 1.5 else 'MISSED'}")
    print(f"time ratio 10N/N: {large_time / small_time:.1f} (linear would be 10)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    asyncio.run(main(parser.parse_args().rows))

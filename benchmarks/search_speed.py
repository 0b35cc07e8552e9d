"""How fast the welcome-folder search answers: build time and per-query latency.

python benchmarks/search_speed.py [rounds]
"""

from __future__ import annotations

import statistics
import sys
import time

from bot.config import CONTENT_DIR
from bot.services.content import load_folder
from bot.services.search import SearchIndex

QUERIES = [
    "Kita", "مهدکودک", "روضة", "doctor", "Arzt", "Deutschkurs mit Baby", "Kitta", "Anerkenung",
    "where do I register my address", "أين أسجل عنواني", "Notfall", "اورژانس", "pizza",
    "Ich suche eine Wohnung für meine Familie mit drei Kindern in Rheine",
]  # fmt: skip


def main(rounds: int = 200) -> None:
    started = time.perf_counter()
    folder = load_folder(CONTENT_DIR / "folder")
    loaded = time.perf_counter()
    index = SearchIndex(folder)
    built = time.perf_counter()
    print(f"folder: {len(folder.pages())} pages, {len(index.vocabulary)} index terms")
    print(f"load {1000 * (loaded - started):.1f} ms, index build {1000 * (built - loaded):.1f} ms")
    all_times = []
    for query in QUERIES:
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            index.search(query)
            times.append((time.perf_counter() - t0) * 1000)
        all_times += times
        times.sort()
        print(f"{query[:40]:42} p50 {statistics.median(times):6.2f} ms   max {times[-1]:6.2f} ms")
    all_times.sort()
    p95 = all_times[int(0.95 * len(all_times))]
    median = statistics.median(all_times)
    print(f"all queries: p50 {median:.2f} ms, p95 {p95:.2f} ms, max {all_times[-1]:.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)

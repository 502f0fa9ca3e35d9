"""`make bench`: every benchmark, printed as tables and written to bench/results.json.

python -m bench [--projects 10000] [--growth 1000,10000,100000] [--seconds 10] [--skip-reminders]
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"


def review_pack_database_time(partnership) -> dict:
    """The review pack of the latest meeting, built in this process: its queries and their time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.models import Meeting
    from overview.review_pack import review_pack

    meeting = Meeting.objects.filter(partnership=partnership).order_by("-starts_at").first()
    review_pack(meeting)  # warm the caches, as a second reader would find them
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        review_pack(meeting)
        elapsed = time.perf_counter() - began
    database = sum(float(q["time"]) for q in queries.captured_queries)
    return {
        "queries": len(queries),
        "database_seconds": round(database, 3),
        "total_seconds": round(elapsed, 3),
    }


def dashboard_figures_time(partnership) -> dict:
    """The dashboard's figures worked out afresh, as the first reader of each minute waits for them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from overview.dashboard import figures

    figures(partnership)  # warm PostgreSQL's buffers, as a running site has them
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        figures(partnership)
        elapsed = time.perf_counter() - began
    return {"figures_queries": len(queries), "figures_seconds": round(elapsed, 3)}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--projects", type=int, default=10000)
    parser.add_argument(
        "--growth", default="1000,10000,100000", help="Project counts for the dashboard's growth."
    )
    parser.add_argument("--seconds", type=int, default=10, help="Seconds of load per page.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--skip-reminders", action="store_true")
    args = parser.parse_args(argv)

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from bench import web
    from bench.generate import generate

    results = {}
    print(f"Data: a partnership of {args.projects:,} projects and what goes with them")
    # Afresh: a database left at another size by an earlier run would be measured at that size.
    partnership = generate(
        projects=args.projects, people=web.PEOPLE, scale=args.projects / 1000, reset_first=True
    )
    results["pages"] = web.measure(
        partnership, seconds=args.seconds, connections=args.connections, workers=2 * (os.cpu_count() or 1) + 1
    )
    web.print_table(results["pages"])

    results["review_pack"] = review_pack_database_time(partnership)
    print(
        f"\nReview pack at {args.projects:,} projects: {results['review_pack']['queries']} queries, "
        f"{results['review_pack']['database_seconds']} s of database time"
    )

    results["dashboard_growth"] = []
    for projects in sorted(int(n) for n in args.growth.split(",")):
        partnership = generate(projects=projects, people=web.PEOPLE, scale=projects / 1000, reset_first=True)
        [row] = web.measure(
            partnership, seconds=args.seconds, connections=args.connections, workers=5, only=["dashboard"]
        )
        results["dashboard_growth"].append(
            {"projects": projects, **row, **dashboard_figures_time(partnership)}
        )
    print(
        f"\n{'Projects':>10} {'dashboard req/s':>16} {'p50 ms':>8} {'p95 ms':>8}"
        f" {'figures afresh, s':>18} {'queries':>8}"
    )
    for row in results["dashboard_growth"]:
        print(
            f"{row['projects']:>10,} {row['requests_per_second']:>16} {row['p50_ms']:>8} {row['p95_ms']:>8}"
            f" {row['figures_seconds']:>18} {row['figures_queries']:>8}"
        )

    if not args.skip_reminders:
        from bench import reminders

        results["reminders"] = reminders.main()

    RESULTS.write_text(json.dumps(results, indent=2, default=str))
    print(
        f"\nWritten to {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])

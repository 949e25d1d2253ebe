#!/usr/bin/env python
"""Before/after on a busy machine: alternate two source trees over the same bench database.

usage: .venv/bin/python bench/ab_compare.py BEFORE_TREE [AFTER_TREE] [--rounds N] [--requests N]

Both trees are measured with bench/inbox_bench.py --reuse --tree TREE --json against the
database an earlier `inbox_bench.py --keep` built (BENCH_DB, default bureau_bench), in the order
A B B A A B ..., so that load from other processes falls on both alike. Prints, per page, the
median over the rounds of each tree's median request time, CPU time and query count, and the
ratio before/after (> 1: the after tree is faster). AFTER_TREE defaults to this project.

A "before" tree is a copy of the project with the files under comparison taken from git, e.g.
    mkdir /tmp/before && git archive HEAD | tar -x -C /tmp/before
(read-only for the repository). bench/README.md has the numbers and the commands.
"""

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(tree, requests):
    out = subprocess.run(
        [
            sys.executable,
            str(HERE / "inbox_bench.py"),
            "--reuse",
            "--json",
            "--tree",
            str(tree),
            "--requests",
            str(requests),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after", nargs="?", default=str(HERE.parent))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    trees = {"before": Path(args.before), "after": Path(args.after)}
    results = {"before": [], "after": []}
    for i in range(args.rounds):
        order = ["before", "after"] if i % 2 == 0 else ["after", "before"]
        for name in order:
            results[name].append(run(trees[name], args.requests))
            print(f"round {i + 1}: {name} done", file=sys.stderr)
    pages = list(results["after"][0]["pages"])
    print(
        f"{results['after'][0]['open_cases']} open cases · jit={results['after'][0]['jit']} · {args.rounds} rounds, alternating"
    )
    header = (
        f"{'page':<26} {'q before':>8} {'q after':>7} {'ms before':>9} {'ms after':>8} {'ratio':>6} "
        f"{'CPU before':>10} {'CPU after':>9} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))

    def med(name, page, key):
        return statistics.median(r["pages"][page][key] for r in results[name] if page in r["pages"])

    for page in pages:
        b_ms, b_cpu, a_ms, a_cpu = (med(name, page, key) for name in ("before", "after") for key in ("median", "cpu"))
        print(
            f"{page:<26} {med('before', page, 'queries'):>8.0f} {med('after', page, 'queries'):>7.0f} {b_ms:>9.1f} {a_ms:>8.1f} "
            f"{b_ms / a_ms:>6.2f} {b_cpu:>10.1f} {a_cpu:>9.1f} {b_cpu / a_cpu:>6.2f}"
        )


if __name__ == "__main__":
    main()

"""``tiesim replicate [NAME | --all] [--quick] [--out DIR]``: published results beside the model's.

Without a name, lists the replications.  With one, runs it, prints its table (the published
value and where it is printed, the model's value with its 95 % CI, the rule and the verdict)
and writes the table, the numbers behind the figure and the figure (PNG, SVG, PDF) into
``--out`` (default ``results/replications/NAME/``).  ``--all`` runs every one, each into its
own folder below ``--out`` (default ``results/replications/``), and prints one verdict table.
Exit codes: 0 done (whatever the verdicts); 2 bad input (nothing run or written).
"""

from __future__ import annotations

import argparse

from tiesim.errors import TiesimError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``replicate``."""
    p = subparsers.add_parser(
        "replicate", help="list or run the replications of published results, with verdicts"
    )
    p.add_argument("name", nargs="?", metavar="NAME", help="the replication to run (omit to list)")
    p.add_argument("--all", action="store_true", help="run every replication")
    p.add_argument(
        "--quick", action="store_true", help="small sizes, in seconds (wider CIs, looser verdicts)"
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        help="folder for the files (default results/replications/NAME; with --all, "
        "results/replications, one folder per replication below it)",
    )
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """List, run one, or run all."""
    from tiesim.replications import PAGES, REPLICATIONS

    if args.name is not None and args.all:
        raise TiesimError(f"give a NAME or --all, not both (got {args.name!r} and --all)")
    if args.name is None and not args.all:
        if args.out is not None or args.quick:
            raise TiesimError("--out and --quick need a NAME or --all")
        width = max(map(len, REPLICATIONS))
        for name, title in REPLICATIONS.items():
            print(f"{name.ljust(width)}  {title}")
        print(f"\nrun one: tiesim replicate NAME [--quick]; pages: {PAGES}/NAME.md")
        return 0
    from tiesim.replications.output import header, render_text, render_verdicts, tally
    from tiesim.replications.run import check_name, run_all, run_replication

    if args.all:
        written = run_all(quick=args.quick, out=args.out)
        outcomes = [w.outcome for w in written]
        for w in written:
            print(f"{w.outcome.name}: {tally(w.outcome.rows)} ({w.seconds:.1f} s)")
        label = " (--quick: small runs, looser verdicts)" if args.quick else ""
        print(f"\nverdicts{label}:")
        print(render_verdicts(outcomes))
        folder = written[0].folder.parent if written else None
        print(f"\nfiles: {folder}/NAME/ (table, data, figure.png/.svg/.pdf); {folder}/verdicts.*")
        return 0
    w = run_replication(check_name(args.name), quick=args.quick, out=args.out)
    print(header(w.outcome))
    print(render_text(w.outcome.rows))
    print(f"{tally(w.outcome.rows)} ({w.seconds:.1f} s)")
    print(f"files: {w.folder}/ (table.txt/.md/.csv, data.csv, figure.png/.svg/.pdf)")
    print(f"page: {PAGES}/{w.outcome.name}.md")
    return 0

"""What window_means.py and diagnostics.py share: their command line, the Python reference's .report lines, the
window mean over iterations and the table's head."""
import ast
import statistics


def parse_args(argv, width, points):
    """`[--window N] [--at I,J,...] LABEL=FILE[,FILE...] ...` -> (width, points, [(label, [file, ...]), ...]); width
    and points default to the ones given."""
    runs, i = [], 0
    while i < len(argv):
        if argv[i] == "--window":
            width = int(argv[i + 1]); i += 2; continue
        if argv[i] == "--at":
            points = [int(x) for x in argv[i + 1].split(",")]; i += 2; continue
        label, files = argv[i].split("=", 1)
        runs.append((label, files.split(",")))
        i += 1
    return width, points, runs


def report_rows(lines, part):
    """(iteration, dict) for each line `step: N @ episode report: {...} @ step loss: {...}` of a reference .report
    file, the dict being the named part ("episode report" or "step loss"); other lines are skipped."""
    index = {"episode report": 1, "step loss": 2}[part]
    for line in lines:
        if line.startswith("step: "):
            yield int(line.split()[1]), ast.literal_eval(line.split(" @ ")[index].split(part + ": ", 1)[1])


def window_mean(rows, at, width, col):
    """Mean of column col over the rows whose iteration (column 0) lies in [at - width, at); NaN when none does."""
    vals = [r[col] for r in rows if at - width <= r[0] < at]
    return statistics.fmean(vals) if vals else float("nan")


def print_head(width, points, what):
    """The window line and the Markdown table head (run, metric, one column per point)."""
    print(f"window [I-{width}, I); {what}")
    print("| run | metric | " + " | ".join(f"I={p}" for p in points) + " |")
    print("|---|---|" + "---|" * len(points))

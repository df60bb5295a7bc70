"""A worker of `workbooks.write_workbooks`: reads a pickled list of workbook jobs on
stdin and writes them. Run as `python -m pipelines.stewardship.workers`."""

import pickle
import sys

from pipelines.stewardship.workbooks import write_here

if __name__ == "__main__":
    write_here(pickle.load(sys.stdin.buffer))

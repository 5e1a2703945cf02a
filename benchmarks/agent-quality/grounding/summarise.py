#!/usr/bin/env python3
"""Mean ± sd over seeds of the `trainer compare` outputs of run.sh: summarise.py DIR (files WORLD-NAME-SEED.out).
The tables come from ../movielens-ablation/summarise.py, which also pairs rows against a reference row."""
import os
import runpy
import sys

runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "movielens-ablation", "summarise.py"),
               run_name="__main__")

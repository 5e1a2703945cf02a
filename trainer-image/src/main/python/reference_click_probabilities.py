#!/usr/bin/env python3
"""Click probabilities of the Python reference's trained URM on the rows of an RL4RS-B file, for parity checks.

Runs the reference's own reader (RL4RSDataReader) and model (RL4RSUserResponse) from a checkout of the reference
repository, with the model in eval mode (dropout off), and writes one line per row: the K probabilities sigma(score),
comma-separated, in file order. The Java side computes the same numbers from the .npy export
(export_reference_urm.py) and `trainer simulator --import-reference`.

Usage: reference_click_probabilities.py REFERENCE_CHECKOUT DATA_DIR CHECKPOINT OUT_CSV [--rows N]
  DATA_DIR holds item_info.csv and rl4rs_b_test.csv (the rows scored) and rl4rs_b_train.csv.
Needs torch, numpy, pandas (Debian: python3-torch python3-numpy python3-pandas).
"""
import argparse
import os
import sys


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("reference")
    p.add_argument("data_dir")
    p.add_argument("checkpoint", help="<model_path>.checkpoint written by train_env.py")
    p.add_argument("out_csv")
    p.add_argument("--rows", type=int, default=0, help="score only the first N rows (0: all)")
    p.add_argument("--feature_dim", type=int, default=16)
    p.add_argument("--hidden_dims", type=int, nargs="+", default=[256])
    p.add_argument("--attn_n_head", type=int, default=2)
    p.add_argument("--max_seq_len", type=int, default=50)
    a = p.parse_args(argv)
    sys.path.insert(0, os.path.abspath(a.reference))
    import numpy as np
    import torch
    from model.RL4RSUserResponse import RL4RSUserResponse
    from reader.RL4RSDataReader import RL4RSDataReader
    import utils

    args = argparse.Namespace(
        train_file=os.path.join(a.data_dir, "rl4rs_b_train.csv"), val_file=os.path.join(a.data_dir, "rl4rs_b_test.csv"),
        test_file="", n_worker=0, data_separator="@", item_meta_file=os.path.join(a.data_dir, "item_info.csv"),
        meta_data_separator=" ", max_seq_len=a.max_seq_len, model_path=a.checkpoint[:-len(".checkpoint")]
        if a.checkpoint.endswith(".checkpoint") else a.checkpoint, loss="bce", l2_coef=0.0003,
        feature_dim=a.feature_dim, attn_n_head=a.attn_n_head, hidden_dims=a.hidden_dims, dropout_rate=0.2)
    reader = RL4RSDataReader(args)
    model = RL4RSUserResponse(args, reader, "cpu")
    state = torch.load(a.checkpoint, map_location="cpu")
    model.load_state_dict(state["model_state_dict"] if "model_state_dict" in state else state)
    model.eval()
    reader.set_phase("val")
    n = len(reader) if a.rows <= 0 else min(a.rows, len(reader))
    batch = torch.utils.data.default_collate([reader[i] for i in range(n)])
    with torch.no_grad():
        probs = model.forward(utils.wrap_batch(batch, device="cpu"))["probs"].numpy()
    with open(a.out_csv, "w") as f:
        for row in probs:
            f.write(",".join(repr(float(x)) for x in row) + "\n")
    print(f"{n} rows x {probs.shape[1]} probabilities -> {a.out_csv}", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Export the Python reference's trained user-response model (URM) for `trainer simulator --import-reference`.

Reads the checkpoint that the reference's train_env.py writes (`<model_path>.checkpoint`, a dict holding
`model_state_dict`) and writes one float32 .npy file per state-dict tensor, named by the tensor's state-dict name
(e.g. `item_emb_layer.weight.npy`). With `--log` (the URM's stdout log, whose second line is the training
Namespace) it also writes `urm_args.json` with the architecture values a state dict does not hold (attention heads,
dropout, history length).

Usage: export_reference_urm.py CHECKPOINT OUT_DIR [--log URM_LOG]
Needs torch and numpy (Debian: python3-torch python3-numpy). See README.md beside this file.
"""
import argparse
import ast
import json
import os
import re
import sys

import numpy as np
import torch


def namespace_args(log_path):
    """The values of the `Namespace(...)` line that carries the model arguments (the second one in the log)."""
    with open(log_path) as f:
        lines = [line.strip() for line in f if line.startswith("Namespace(")]
    for line in lines:
        if "feature_dim" in line:
            out = {}
            for key in ("feature_dim", "attn_n_head", "dropout_rate", "max_seq_len"):
                m = re.search(r"\b" + key + r"=([^,)]+)", line)
                if m:
                    out[key] = ast.literal_eval(m.group(1))
            m = re.search(r"\bhidden_dims=(\[[^\]]*\])", line)
            if m:
                out["hidden_dims"] = ast.literal_eval(m.group(1))
            return out
    raise SystemExit(f"{log_path}: no Namespace line with the model arguments (feature_dim ...)")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("checkpoint", help="the reference's <model_path>.checkpoint (or a bare state dict)")
    p.add_argument("out_dir", help="folder for the .npy files (created)")
    p.add_argument("--log", help="the URM training log (train_env.py stdout) for urm_args.json")
    a = p.parse_args(argv)
    state = torch.load(a.checkpoint, map_location="cpu")
    if isinstance(state, dict) and "model_state_dict" in state:
        state = state["model_state_dict"]
    if not isinstance(state, dict) or not state:
        raise SystemExit(f"{a.checkpoint}: no state dict (expected a dict of tensors or one under 'model_state_dict')")
    os.makedirs(a.out_dir, exist_ok=True)
    for name, tensor in state.items():
        if not torch.is_tensor(tensor):
            continue
        np.save(os.path.join(a.out_dir, name + ".npy"), tensor.detach().cpu().float().numpy())
        print(f"{name} {tuple(tensor.shape)}", file=sys.stderr)
    if a.log:
        with open(os.path.join(a.out_dir, "urm_args.json"), "w") as f:
            json.dump(namespace_args(a.log), f, indent=2, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A rulex process model (protocol rulex.process/1, docs/models.md) around a PyTorch model.

    python3 serve.py WEIGHTS

To serve another model, change load(): everything else only needs a callable that maps ids
int64 [B, T] to causal next-token logits [B, T, V] over rulex's vocabulary.
"""
import json, sys
import torch

PROTOCOL = "rulex.process/1"


def load(path):
    """The model, its vocabulary (rulex's tokens in id order), its longest input (None: any) and its name."""
    from model import LstmLM
    saved = torch.load(path)
    model = LstmLM(len(saved["vocabulary"]), saved["width"])
    model.load_state_dict(saved["state"])
    return model.eval(), saved["vocabulary"], None, f"examples/pytorch LstmLM width {saved['width']}, torch {torch.__version__}"


def main():
    torch.set_num_threads(1)  # it runs beside the bench's other cells, each of which uses one thread
    model, vocabulary, max_positions, name = load(sys.argv[1])
    hello = {"protocol": PROTOCOL, "vocabulary": vocabulary, "maxPositions": max_positions, "model": name}
    print(json.dumps(hello), flush=True)  # standard output carries the protocol only; log to stderr
    for line in sys.stdin:  # one request a line; stdin closed: exit
        prefixes = json.loads(line)["prefixes"]  # SOS first, then symbols
        ids = torch.zeros(len(prefixes), max(map(len, prefixes)), dtype=torch.long)  # right-padded with PAD 0
        for i, p in enumerate(prefixes):
            ids[i, : len(p)] = torch.tensor(p)
        last = torch.tensor([len(p) - 1 for p in prefixes])  # a causal model never reads the padding after it
        with torch.no_grad():
            logits = model(ids)[torch.arange(len(prefixes)), last]  # [N, V]
        logprobs = torch.log_softmax(logits.double(), dim=-1)
        print(json.dumps({"logprobs": logprobs.tolist()}), flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Trains model.LstmLM on a dataset written by `rulex generate`, then saves it twice.

    python3 train.py DATA OUT [--steps N] [--width W] [--seed S]

DATA holds train.jsonl and val.jsonl (one word a line, {"text", "ids", "length"}; ids are rulex's
token ids without SOS and EOS) and vocabulary.json. OUT receives
  weights.pt           the state dict, width and vocabulary (what serve.py loads), and
  model.torchscript.pt the TorchScript export: forward(ids int64 [B, T]) -> logits [B, T, V].
"""
import argparse, json, os
import torch
import torch.nn.functional as F
from model import LstmLM

PAD, SOS, EOS = 0, 1, 2


def words(path):
    with open(path) as f:
        return [json.loads(line)["ids"] for line in f if line.strip()]


def batch(ws):
    """Inputs SOS w and targets w EOS, right-padded with PAD: [B, T] each."""
    t = max(len(w) for w in ws) + 1
    x = torch.full((len(ws), t), PAD, dtype=torch.long)
    y = torch.full((len(ws), t), PAD, dtype=torch.long)
    for i, w in enumerate(ws):
        x[i, : len(w) + 1] = torch.tensor([SOS] + w)
        y[i, : len(w) + 1] = torch.tensor(w + [EOS])
    return x, y


def loss_of(model, ws):
    x, y = batch(ws)
    return F.cross_entropy(model(x).transpose(1, 2), y, ignore_index=PAD)  # mean nats per predicted token


def main():
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument("data"), a.add_argument("out")
    a.add_argument("--steps", type=int, default=400)
    a.add_argument("--width", type=int, default=64)
    a.add_argument("--batch", type=int, default=32)
    a.add_argument("--seed", type=int, default=1)
    args = a.parse_args()
    torch.manual_seed(args.seed)
    with open(os.path.join(args.data, "vocabulary.json")) as f:
        vocabulary = json.load(f)["tokens"]  # PAD, SOS, EOS, then the alphabet: rulex's ids in order
    train, val = words(os.path.join(args.data, "train.jsonl")), words(os.path.join(args.data, "val.jsonl"))
    model = LstmLM(len(vocabulary), args.width)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for step in range(1, args.steps + 1):
        picks = torch.randint(len(train), (args.batch,)).tolist()
        loss = loss_of(model, [train[i] for i in picks])
        opt.zero_grad(), loss.backward(), opt.step()
        if step % 100 == 0 or step == args.steps:
            with torch.no_grad():
                print(f"step {step}: train loss {loss.item():.4f}, validation loss {loss_of(model.eval(), val).item():.4f}", flush=True)
            model.train()
    model.eval()
    os.makedirs(args.out, exist_ok=True)
    torch.save({"state": model.state_dict(), "width": args.width, "vocabulary": vocabulary}, os.path.join(args.out, "weights.pt"))
    torch.jit.script(model).save(os.path.join(args.out, "model.torchscript.pt"))
    print("wrote", os.path.join(args.out, "weights.pt"), "and", os.path.join(args.out, "model.torchscript.pt"))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the TorchScript fixture of rulex's TorchScriptModel test.

A tiny causal language model (one attention layer, learned positions) over rulex's vocabulary
for the alphabet {a, b}: PAD 0, SOS 1, EOS 2, a 3, b 4. It follows rulex's TorchScript contract:
forward(ids: int64 [B, T]) -> float32 logits [B, T, V], causal mask and positions built inside.

Writes models/src/test/resources/torchscript/tiny.pt and tiny-expected.json (the logits for a
fixed input, which the Java test compares to 1e-5). Run from the repository root with Debian's
PyTorch:  /usr/bin/python3 models/src/test/python/make_fixture.py
"""
import json, os
import torch, torch.nn as nn

V, D, MAX_LEN = 5, 8, 16
OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "torchscript"))


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok, self.pos = nn.Embedding(V, D), nn.Embedding(MAX_LEN, D)
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.qkv, self.proj, self.head = nn.Linear(D, 3 * D), nn.Linear(D, D), nn.Linear(D, V)
        self.d = D

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        t = ids.size(1)
        x = self.tok(ids) + self.pos(torch.arange(t, device=ids.device))  # positions by token index
        q, k, v = self.qkv(self.ln1(x)).split(self.d, 2)
        mask = torch.triu(torch.full((t, t), -1e9, device=ids.device), 1)  # finite, not -inf
        att = (q @ k.transpose(1, 2) / self.d ** 0.5 + mask).softmax(-1)
        x = x + self.proj(att @ v)
        return self.head(self.ln2(x))


torch.manual_seed(0)
model = Tiny().eval()
scripted = torch.jit.script(model)
os.makedirs(OUT, exist_ok=True)
scripted.save(os.path.join(OUT, "tiny.pt"))

ids = torch.tensor([[1, 3, 3, 4, 4, 2], [1, 4, 3, 3, 0, 0]])
with torch.no_grad():
    logits = scripted(ids)
with open(os.path.join(OUT, "tiny-expected.json"), "w") as f:
    json.dump({"torch": torch.__version__, "ids": ids.tolist(), "logits": logits.tolist()}, f, indent=1)
    f.write("\n")
print("wrote", os.path.join(OUT, "tiny.pt"), os.path.getsize(os.path.join(OUT, "tiny.pt")), "bytes")

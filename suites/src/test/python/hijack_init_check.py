"""Cross-check for suite hijack (results/suite-hijack/README.md): does the initialisation scale decide
whether a 2-layer, 1-head, d=64 pre-LN transformer forms an induction head within 2000 Adam steps
on the triggered-bigram task? The same task and training as the suite, with its own generator
(numpy) and model. Prints the in-context accuracy every 250 steps.

    /usr/bin/python3 hijack_init_check.py torch [steps]   # PyTorch's default initialisation
    /usr/bin/python3 hijack_init_check.py small [steps]   # every weight N(0, 0.02), biases 0: rulex's
"""
import sys, time, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(1)
V, K, T, B, STEPS, LR = 32, 3, 64, 64, int(sys.argv[2]) if len(sys.argv) > 2 else 2000, 1e-3
init = sys.argv[1]  # "torch" (PyTorch defaults) or "small" (every weight N(0, 0.02), biases 0, LN 1/0)
rng = np.random.default_rng(0)
P = rng.dirichlet([0.2] * V, size=V)
w, v = np.linalg.eig(P.T); pi = np.real(v[:, np.argmin(abs(w - 1))]); pi /= pi.sum()
CUM = np.cumsum(P, 1); CPI = np.cumsum(pi)
def seqs(n, r):
    """n sequences at once: K triggers from pi without replacement, uniform outputs; T tokens."""
    trig = np.stack([r.choice(V, K, replace=False, p=pi) for _ in range(n)]); outs = r.integers(0, V, (n, K))
    x = np.zeros((n, T), dtype=np.int64)
    x[:, 0] = np.minimum((CPI[None, :] < r.random(n)[:, None]).sum(1), V - 1)
    for t in range(1, T):
        prev = x[:, t - 1]
        nxt = np.minimum((CUM[prev] < r.random(n)[:, None]).sum(1), V - 1)
        hit = trig == prev[:, None]
        x[:, t] = np.where(hit.any(1), (outs * hit).sum(1), nxt)
    return x, [dict(zip(trig[i], outs[i])) for i in range(n)]
class Block(nn.Module):
    def __init__(s, d):
        super().__init__(); s.n1, s.n2 = nn.LayerNorm(d), nn.LayerNorm(d); s.qkv, s.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        s.fc1, s.fc2 = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)
    def forward(s, x, mask):
        q, k, vv = s.qkv(s.n1(x)).chunk(3, -1)
        a = ((q @ k.transpose(1, 2)) / 8.0 + mask).softmax(-1)
        x = x + s.proj(a @ vv)
        return x + s.fc2(F.gelu(s.fc1(s.n2(x))))
class Model(nn.Module):
    def __init__(s, d=64):
        super().__init__(); s.tok, s.pos = nn.Embedding(V + 1, d), nn.Embedding(T, d); s.blocks = nn.ModuleList([Block(d), Block(d)])
        s.norm, s.head = nn.LayerNorm(d), nn.Linear(d, V + 1)
    def forward(s, ids):
        t = ids.shape[1]; x = s.tok(ids) + s.pos(torch.arange(t))
        mask = torch.triu(torch.full((t, t), -1e9), 1)
        for b in s.blocks: x = b(x, mask)
        return s.head(s.norm(x))
torch.manual_seed(0); model = Model()
if init == "small":
    for name, p in model.named_parameters():
        if p.dim() > 1: nn.init.normal_(p, 0, 0.02)
        else: nn.init.zeros_(p)
    for m in model.modules():
        if isinstance(m, nn.LayerNorm): nn.init.ones_(m.weight); nn.init.zeros_(m.bias)
opt = torch.optim.Adam(model.parameters(), lr=LR)
ev, evt = seqs(256, np.random.default_rng(99))
def ic_acc():
    with torch.no_grad():
        inp = torch.cat([torch.full((len(ev), 1), V), torch.tensor(ev[:, :-1])], 1)
        pred = model(inp).argmax(-1).numpy()
    c = n = 0
    for i, x in enumerate(ev):
        for t in range(1, T):
            if x[t - 1] in evt[i] and x[t - 1] in x[: t - 1]: n += 1; c += pred[i, t] == x[t]
    return c / n
r = np.random.default_rng(1); t0 = time.time()
for step in range(1, STEPS + 1):
    x, _ = seqs(B, r); x = torch.tensor(x)
    inp = torch.cat([torch.full((B, 1), V), x[:, :-1]], 1)
    loss = F.cross_entropy(model(inp).reshape(-1, V + 1), x.reshape(-1))
    opt.zero_grad(); loss.backward(); opt.step()
    if step % 250 == 0: print(f"{init} step {step} loss {loss.item():.4f} ic_acc {ic_acc():.3f} {time.time() - t0:.0f}s", flush=True)

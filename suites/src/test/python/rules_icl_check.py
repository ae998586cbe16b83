"""Cross-check for suite rules, in context: an independent PyTorch replica of the meta-training
(its own episode generator, written from ../shared/SUITES.md "Suite A-RULES", its own model), to
find what decides whether sparse-rule episodes are learned within a few thousand steps. Never run
at build time.

    /usr/bin/python3 rules_icl_check.py RHO [key=value ...]

keys: heads (4), layers (2), steps (4000), lr (1e-3), batch (64), seed (0), init (torch | small: every matrix N(0, 0.02)),
loss (query: the query's label only | determined: also context labels the items before them fix,
as rulex does), other (random: the rule episode's other feature is drawn per item, as rulex does |
fresh: no value of it repeats inside an episode). Prints loss and held-out accuracy on exemplar
and rule episodes every 250 steps, then r on partial-exposure episodes and their controls.

What it gave (results/suite-rules/README.md): with loss=determined, rho 0 seed 0 switched in-context
learning on between steps 3000 and 3250 (r 0.575); rho 1 seed 1 stayed on the loss-0.69 plateau
for 4000 steps, as rulex's runs did.
"""
import sys, time, numpy as np, torch, torch.nn as nn, torch.nn.functional as F

torch.set_num_threads(1)
RHO = float(sys.argv[1])
opt = dict(heads="4", layers="2", steps="4000", lr="1e-3", batch="64", seed="0", init="torch", loss="query", other="random")
opt.update(a.split("=", 1) for a in sys.argv[2:])
STEPS, LR, B, SEED = int(opt["steps"]), float(opt["lr"]), int(opt["batch"]), int(opt["seed"])
NV, NL, CLASSES, REPS = 16, 4, 3, 3
PAD, SOS, LAB0 = 0, 1, 3          # ids: PAD, SOS, EOS, 4 labels, then 256 stimuli f1 * 16 + f2
STIM0 = LAB0 + NL
V = STIM0 + NV * NV


def stim(f1, f2):
    return STIM0 + f1 * NV + f2


def layout(context, query, answer, determined):
    """SOS s1 y1 ... sn yn q; a target at the query and, if asked, at determined context stimuli."""
    x = [SOS]
    y = [PAD]
    for (s, l), d in zip(context, determined):
        x += [stim(*s), LAB0 + l]
        y += [LAB0 + l if d and opt["loss"] == "determined" else PAD, PAD]
    x.append(stim(*query))
    y.append(LAB0 + answer)
    return x, y


def exemplar(r):
    ids = r.choice(NV * NV, CLASSES, replace=False)
    labels = r.choice(NL, CLASSES, replace=False)
    ctx = [((ids[c] // NV, ids[c] % NV), labels[c]) for c in range(CLASSES) for _ in range(REPS)]
    r.shuffle(ctx)
    seen, det = set(), []
    for s, _ in ctx:
        det.append(s in seen)
        seen.add(s)
    q = r.integers(CLASSES)
    return layout(ctx, (ids[q] // NV, ids[q] % NV), labels[q], det)


def sparse_rule(r):
    k = r.integers(2)  # the deciding feature
    vals = r.choice(NV, CLASSES, replace=False)
    labels = r.choice(NL, CLASSES, replace=False)
    if opt["other"] == "fresh":  # every item its own other value: no coincidences between classes
        others = list(r.choice(NV, CLASSES * REPS + 1, replace=False))
    else:
        others = list(r.integers(0, NV, CLASSES * REPS + 1))
    ctx = []
    for c in range(CLASSES):
        for _ in range(REPS):
            o = others.pop()
            ctx.append(((vals[c], o) if k == 0 else (o, vals[c]), labels[c]))
    r.shuffle(ctx)
    seen, det = set(), []
    for s, _ in ctx:
        det.append(s[k] in seen)
        seen.add(s[k])
    q = r.integers(CLASSES)
    paired = {s[1 - k] for s, l in ctx if s[k] == vals[q]}
    o = others.pop() if opt["other"] == "fresh" else r.integers(NV)
    while o in paired:
        o = r.integers(NV)
    return layout(ctx, (vals[q], o) if k == 0 else (o, vals[q]), labels[q], det)


def partial(r, control):
    """AW l0, AX l0 (control AU l0), BW l1 x2, shuffled; query BX. Returns x, l1, l0."""
    a, b = r.choice(NV, 2, replace=False)
    w, x_, u = r.choice(NV, 3, replace=False)
    l0, l1 = r.choice(NL, 2, replace=False)
    ctx = [((a, w), l0), ((a, u if control else x_), l0), ((b, w), l1), ((b, w), l1)]
    order = r.permutation(4)
    ctx = [ctx[i] for i in order]
    xs, _ = layout(ctx, (b, x_), l1, [False] * 4)
    return xs, l1, l0


class Block(nn.Module):
    def __init__(s, d, h):
        super().__init__()
        s.h = h
        s.n1, s.n2 = nn.LayerNorm(d), nn.LayerNorm(d)
        s.qkv, s.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        s.fc1, s.fc2 = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)

    def forward(s, x, mask):
        b, t, d = x.shape
        q, k, v = (z.view(b, t, s.h, d // s.h).transpose(1, 2) for z in s.qkv(s.n1(x)).chunk(3, -1))
        a = ((q @ k.transpose(-1, -2)) / (d // s.h) ** 0.5 + mask).softmax(-1)
        x = x + s.proj((a @ v).transpose(1, 2).reshape(b, t, d))
        return x + s.fc2(F.gelu(s.fc1(s.n2(x))))


class Model(nn.Module):
    """A pre-LN transformer, d = 64 (2 layers, 4 heads unless asked); a stimulus is E1[f1] + E2[f2] at one position."""

    def __init__(s, d=64):
        super().__init__()
        s.tok, s.e1, s.e2, s.pos = nn.Embedding(STIM0, d), nn.Embedding(NV, d), nn.Embedding(NV, d), nn.Embedding(32, d)
        s.blocks = nn.ModuleList([Block(d, int(opt["heads"])) for _ in range(int(opt["layers"]))])
        s.norm, s.head = nn.LayerNorm(d), nn.Linear(d, V)

    def forward(s, ids):
        t = ids.shape[1]
        isstim = ids >= STIM0
        rest = (ids - STIM0).clamp(min=0)
        x = torch.where(isstim[..., None], s.e1(rest // NV) + s.e2(rest % NV), s.tok(ids.clamp(max=STIM0 - 1)))
        x = x + s.pos(torch.arange(t))
        mask = torch.triu(torch.full((t, t), -1e9), 1)
        for blk in s.blocks:
            x = blk(x, mask)
        return s.head(s.norm(x))


torch.manual_seed(SEED)
model = Model()
if opt["init"] == "small":
    for name, p in model.named_parameters():
        if p.dim() > 1:
            nn.init.normal_(p, 0, 0.02)
        elif "norm" not in name and ".n1" not in name and ".n2" not in name:
            nn.init.zeros_(p)
adam = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0)
rng = np.random.default_rng(SEED)


def label_probs(xs):
    with torch.no_grad():
        logits = model(torch.tensor(xs))[:, -1, LAB0:LAB0 + NL]
    return logits.softmax(-1).numpy()


def accuracy(kind, n=500):
    r = np.random.default_rng(10_000 + SEED)
    eps = [kind(r) for _ in range(n)]
    p = label_probs([e[0] for e in eps])
    return float(np.mean(p.argmax(1) == np.array([e[1][-1] - LAB0 for e in eps])))


def exposure(control, n=1000):
    r = np.random.default_rng(20_000 + SEED)
    eps = [partial(r, control) for _ in range(n)]
    p = label_probs([e[0] for e in eps])
    rule = float(np.mean(p[np.arange(n), [e[1] for e in eps]]))
    dis = float(np.mean(p[np.arange(n), [e[2] for e in eps]]))
    return rule, dis


start, total = time.process_time(), 0.0
for step in range(1, STEPS + 1):
    eps = [sparse_rule(rng) if rng.random() < RHO else exemplar(rng) for _ in range(B)]
    xs, ys = [e[0] for e in eps], [e[1] for e in eps]
    logits = model(torch.tensor(xs))
    loss = F.cross_entropy(logits.reshape(-1, V), torch.tensor(ys).reshape(-1), ignore_index=PAD)
    adam.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    adam.step()
    total += loss.item()
    if step % 250 == 0:
        print(f"step {step} loss {total / 250:.3f} exemplar {accuracy(exemplar):.3f} rule {accuracy(sparse_rule):.3f} "
              f"cpu {time.process_time() - start:.0f}s", flush=True)
        total = 0.0
pr, pd = exposure(False)
cr, cd = exposure(True)
print(f"partial P(rule) {pr:.3f} P(distractor) {pd:.3f} r {pr / (pr + pd):.3f}; control r {cr / (cr + cd):.3f}; pull {cr - pr:.3f}")

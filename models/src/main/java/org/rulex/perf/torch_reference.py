#!/usr/bin/env python3
"""PyTorch reference for rulex's training- and decoding-speed comparisons.

--mode train (default): trains the same small causal language models that rulex trains (pre-LN
GPT with learned positions, an LSTM, the GPT with linear attention, Mamba, xLSTM), on a^n b^n
token sequences, in eager PyTorch, and prints the training throughput.
--mode decode: greedy decoding of untrained models in batches, as `rulex perf decode` does:
prompts of SOS and random a/b symbols fed one token a step, then extended greedily to --seq
tokens, rows never stopping at EOS; the transformer keeps a KV cache, linear attention its running
sums, the others their recurrent state.
Run either beside rulex's own benchmark with the same settings to get a side-by-side ratio on
one machine (`rulex perf train --torch` and `rulex perf decode --torch` run it themselves).

The models, written from the papers in the plain eager form:
  linear-attention  Katharopoulos et al. 2020: the GPT above with softmax(q k^T) v replaced by
         phi(q) S_t / (phi(q) . z_t), phi = elu + 1, S_t and z_t the sums of phi(k_s) v_s^T and
         phi(k_s) over s <= t; in training as one masked [T, T] product (the causal sums, which at
         these lengths are faster than prefix sums over [T, Dh, Dh]), in decoding S and z kept
         and updated a token at a time.
  mamba  Gu and Dao 2023 in the sequential "minimal" form: RMSNorm residual blocks, in_proj to
         two branches, causal depthwise Conv1d + SiLU, x_proj -> (dt, B, C), softplus(dt_proj),
         exp(delta A) and delta B x for all positions, then one recurrence step a position,
         y = C h + D x gated by SiLU(z), out_proj; tied head. --d-state, --d-conv, --expand.
  xlstm  Beck et al. 2024: mLSTM blocks (pre up-projection; causal conv + SiLU for q and k,
         block-diagonal q/k/v projections in blocks of 4, exponential gating, the stabilised
         parallel form in training and the recurrent form (C, n, m) in decoding, per-head
         normalisation, learned skip, SiLU output gate) and sLSTM blocks at --slstm-at (post
         up-projection: conv + SiLU for the input and forget gates, head-wise recurrent
         weights, stabilised exponential gating step by step, then a gated GELU feed-forward
         of --ff-factor x E rounded up to 64). --layers blocks of --d-model, --heads heads.

Needs Debian's PyTorch:  apt-get install -y python3-torch   (then use /usr/bin/python3)

Vocabulary: PAD 0, SOS 1, EOS 2, a 3, b 4. Loss: cross-entropy over non-PAD targets.
Prints one line:  torch <version> <arch> threads=<n> steps=<n> tokens/s=<padded> real-tokens/s=<non-pad> cpu-tokens/s=<padded>
or, decoding:     torch <version> <arch> decode threads=<n> batch=<n> prompt=<n> length=<n> completions/s=<x> completions/cpu-s=<x>
(cpu: per second of the process's CPU time, steadier than wall time on a busy machine.)
"""
import argparse, math, random, time
import torch, torch.nn as nn, torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--arch", choices=["transformer", "lstm", "linear-attention", "mamba", "xlstm"], default="transformer")
p.add_argument("--d-model", type=int, default=64)
p.add_argument("--heads", type=int, default=4)
p.add_argument("--layers", type=int, default=2)
p.add_argument("--ff", type=int, default=256)
p.add_argument("--hidden", type=int, default=0, help="lstm: hidden units (0: --d-model)")
p.add_argument("--d-state", type=int, default=16, help="mamba")
p.add_argument("--d-conv", type=int, default=4, help="mamba")
p.add_argument("--expand", type=int, default=2, help="mamba")
p.add_argument("--slstm-at", default="1", help="xlstm: comma-separated sLSTM block indices ('' for none)")
p.add_argument("--conv-kernel", type=int, default=4, help="xlstm")
p.add_argument("--ff-factor", type=float, default=1.3, help="xlstm")
p.add_argument("--batch", type=int, default=64, help="train: 64; decode: pass 256 to match rulex perf decode")
p.add_argument("--seq", type=int, default=64, help="padded sequence length incl. SOS/EOS")
p.add_argument("--steps", type=int, default=300)
p.add_argument("--warmup", type=int, default=20)
p.add_argument("--threads", type=int, default=1)
p.add_argument("--lr", type=float, default=1e-3)
p.add_argument("--seed", type=int, default=0)
p.add_argument("--mode", choices=["train", "decode"], default="train")
p.add_argument("--prompt", type=int, default=8, help="decode: prompt tokens, SOS included")
p.add_argument("--batches", type=int, default=3, help="decode: timed batches")
a = p.parse_args()
torch.set_num_threads(a.threads); torch.manual_seed(a.seed); rnd = random.Random(a.seed)
V, D, H, S = 5, a.d_model, a.heads, a.seq

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.qkv, self.proj = nn.Linear(D, 3 * D), nn.Linear(D, D)
        self.fc1, self.fc2 = nn.Linear(D, a.ff), nn.Linear(a.ff, D)
    def forward(self, x, mask):
        B, T, _ = x.shape
        q, k, v = (t.reshape(B, T, H, D // H).transpose(1, 2) for t in self.qkv(self.ln1(x)).split(D, 2))
        att = (q @ k.transpose(-1, -2) / (D // H) ** 0.5 + mask).softmax(-1)
        x = x + self.proj((att @ v).transpose(1, 2).reshape(B, T, D))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))
    def step(self, x, cache):
        """One new position per row; cache holds this layer's keys and values so far."""
        B = x.size(0)
        q, k, v = (t.reshape(B, 1, H, D // H).transpose(1, 2) for t in self.qkv(self.ln1(x)).split(D, 2))
        if cache:
            k, v = torch.cat([cache[0], k], 2), torch.cat([cache[1], v], 2)
        att = (q @ k.transpose(-1, -2) / (D // H) ** 0.5).softmax(-1)
        x = x + self.proj((att @ v).transpose(1, 2).reshape(B, 1, D))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x)))), (k, v)

class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok, self.pos = nn.Embedding(V, D), nn.Embedding(S, D)
        self.blocks = nn.ModuleList(Block() for _ in range(a.layers))
        self.ln, self.head = nn.LayerNorm(D), nn.Linear(D, V)
    def forward(self, ids):
        T = ids.size(1)
        mask = torch.triu(torch.full((T, T), float("-inf")), 1)
        x = self.tok(ids) + self.pos(torch.arange(T))
        for b in self.blocks:
            x = b(x, mask)
        return self.head(self.ln(x))
    def step(self, ids, t, state):
        x = self.tok(ids) + self.pos(torch.full_like(ids, t))
        state = state or [None] * len(self.blocks)
        for i, b in enumerate(self.blocks):
            x, state[i] = b.step(x, state[i])
        return self.head(self.ln(x)), state

def phi(x):
    return F.elu(x) + 1

class LinearBlock(Block):
    """Block with kernelised attention: the causal sums as a masked [T, T] product in training, S and z in decoding."""
    def forward(self, x, mask):
        B, T, _ = x.shape
        q, k, v = (t.reshape(B, T, H, D // H).transpose(1, 2) for t in self.qkv(self.ln1(x)).split(D, 2))
        att = (phi(q) @ phi(k).transpose(-1, -2)) * mask  # mask: 1 where s <= t
        y = (att @ v) / (att.sum(-1, keepdim=True) + 1e-6)
        x = x + self.proj(y.transpose(1, 2).reshape(B, T, D))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))
    def step(self, x, state):
        """One new position per row; state holds S [B, H, Dh, Dh] and z [B, H, Dh] so far."""
        B = x.size(0)
        q, k, v = (t.reshape(B, H, D // H) for t in self.qkv(self.ln1(x)).reshape(B, 3 * D).split(D, 1))
        fq, fk = phi(q), phi(k)
        s, z = state if state else (torch.zeros(B, H, D // H, D // H), torch.zeros(B, H, D // H))
        s = s + fk.unsqueeze(-1) * v.unsqueeze(-2)
        z = z + fk
        y = (fq.unsqueeze(-1) * s).sum(-2) / ((fq * z).sum(-1, keepdim=True) + 1e-6)
        x = x + self.proj(y.reshape(B, 1, D))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x)))), (s, z)

class LinearGPT(GPT):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList(LinearBlock() for _ in range(a.layers))
    def forward(self, ids):
        T = ids.size(1)
        mask = torch.tril(torch.ones(T, T))
        x = self.tok(ids) + self.pos(torch.arange(T))
        for b in self.blocks:
            x = b(x, mask)
        return self.head(self.ln(x))

class LSTM(nn.Module):
    def __init__(self):
        super().__init__()
        hidden = a.hidden or D
        self.emb, self.rnn, self.head = nn.Embedding(V, D), nn.LSTM(D, hidden, a.layers, batch_first=True), nn.Linear(hidden, V)
    def forward(self, ids):
        return self.head(self.rnn(self.emb(ids))[0])
    def step(self, ids, t, state):
        out, state = self.rnn(self.emb(ids), state)
        return self.head(out), state

class RMSNorm(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * self.weight

class MambaLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.di, self.n, self.k, self.r = a.expand * D, a.d_state, a.d_conv, math.ceil(D / 16)
        self.norm = RMSNorm(D)
        self.in_proj = nn.Linear(D, 2 * self.di, bias=False)
        self.conv = nn.Conv1d(self.di, self.di, self.k, groups=self.di, padding=self.k - 1)
        self.x_proj = nn.Linear(self.di, self.r + 2 * self.n, bias=False)
        self.dt_proj = nn.Linear(self.r, self.di)
        self.A_log = nn.Parameter(torch.log(torch.arange(1, self.n + 1, dtype=torch.float).repeat(self.di, 1)))
        self.D = nn.Parameter(torch.ones(self.di))
        self.out_proj = nn.Linear(self.di, D, bias=False)
    def ssm_inputs(self, u):
        dt, Bm, Cm = self.x_proj(u).split([self.r, self.n, self.n], -1)
        return F.softplus(self.dt_proj(dt)), Bm, Cm, -torch.exp(self.A_log)
    def forward(self, x):
        T = x.size(1)
        u, z = self.in_proj(self.norm(x)).chunk(2, -1)
        u = F.silu(self.conv(u.transpose(1, 2))[..., :T].transpose(1, 2))
        delta, Bm, Cm, A = self.ssm_inputs(u)
        dA = torch.exp(torch.einsum("btd,dn->btdn", delta, A))  # [B, T, Di, N]
        dBu = torch.einsum("btd,btn,btd->btdn", delta, Bm, u)
        h = torch.zeros(x.size(0), self.di, self.n)
        ys = []
        for t in range(T):  # the sequential selective scan
            h = dA[:, t] * h + dBu[:, t]
            ys.append(torch.einsum("bdn,bn->bd", h, Cm[:, t]))
        y = torch.stack(ys, 1) + u * self.D
        return x + self.out_proj(y * F.silu(z))
    def step(self, x, state):
        """x [B, 1, D]; state (the convolution's last K - 1 inputs [B, K-1, Di], h [B, Di, N])."""
        B = x.size(0)
        if state is None:
            state = (torch.zeros(B, self.k - 1, self.di), torch.zeros(B, self.di, self.n))
        window, h = state
        u, z = self.in_proj(self.norm(x)).chunk(2, -1)
        window = torch.cat([window, u], 1)  # [B, K, Di]
        u = F.silu((window * self.conv.weight[:, 0, :].T).sum(1, keepdim=True) + self.conv.bias)
        delta, Bm, Cm, A = self.ssm_inputs(u)
        h = torch.exp(delta[:, 0, :, None] * A) * h + (delta[:, 0] * u[:, 0])[:, :, None] * Bm[:, 0, None, :]
        y = torch.einsum("bdn,bn->bd", h, Cm[:, 0])[:, None] + u * self.D
        return x + self.out_proj(y * F.silu(z)), (window[:, 1:], h)

class Mamba(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(V, D)
        self.layers = nn.ModuleList(MambaLayer() for _ in range(a.layers))
        self.norm = RMSNorm(D)
    def forward(self, ids):
        x = self.tok(ids)
        for layer in self.layers:
            x = layer(x)
        return self.norm(x) @ self.tok.weight.T  # tied head
    def step(self, ids, t, state):
        x = self.tok(ids)
        state = state or [None] * len(self.layers)
        for i, layer in enumerate(self.layers):
            x, state[i] = layer.step(x, state[i])
        return self.norm(x) @ self.tok.weight.T, state

class CausalConv(nn.Module):
    """Depthwise causal convolution [B, T, C] -> [B, T, C], and its one-token step over a window."""
    def __init__(self, c, k):
        super().__init__()
        self.k = k
        self.conv = nn.Conv1d(c, c, k, groups=c, padding=k - 1)
    def forward(self, x):
        return self.conv(x.transpose(1, 2))[..., : x.size(1)].transpose(1, 2)
    def step(self, x, window):
        if window is None:
            window = x.new_zeros(x.size(0), self.k - 1, x.size(2))
        window = torch.cat([window, x], 1)
        return (window * self.conv.weight[:, 0, :].T).sum(1, keepdim=True) + self.conv.bias, window[:, 1:]

class Headwise(nn.Module):
    """Block-diagonal linear map without bias: [B, T, G * i] -> [B, T, G * o]."""
    def __init__(self, channels, groups, out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(groups, channels // groups, out) * 0.02)
    def forward(self, x):
        g, i, o = self.weight.shape
        return torch.einsum("btgi,gio->btgo", x.reshape(*x.shape[:2], g, i), self.weight).reshape(*x.shape[:2], g * o)

def head_norm(h, weight, heads):
    """h [B, T, H * Dh] normalised within each head, times a per-channel gain."""
    b, t, c = h.shape
    return F.layer_norm(h.reshape(b, t, heads, c // heads), (c // heads,)).reshape(b, t, c) * weight

class MLstmBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = 2 * D
        self.dh = self.inner // H
        self.norm = nn.LayerNorm(D)
        self.up = nn.Linear(D, 2 * self.inner, bias=False)
        self.conv = CausalConv(self.inner, a.conv_kernel)
        self.q, self.k, self.v = (Headwise(self.inner, self.inner // 4, 4) for _ in range(3))
        self.gates = nn.Linear(3 * self.inner, 2 * H)
        self.out_norm = nn.Parameter(torch.ones(self.inner))
        self.skip = nn.Parameter(torch.ones(self.inner))
        self.down = nn.Linear(self.inner, D, bias=False)
    def qkv(self, x, window):
        xm, z = self.up(self.norm(x)).chunk(2, -1)
        if window is False:
            xc, window = self.conv(xm), None
        else:
            xc, window = self.conv.step(xm, window)
        xc = F.silu(xc)
        q, k, v = self.q(xc), self.k(xc), self.v(xm)
        ig, fg = self.gates(torch.cat([q, k, v], -1)).transpose(1, 2).chunk(2, 1)  # [B, H, T] each
        b, t = x.shape[:2]
        q, k, v = (y.reshape(b, t, H, self.dh).transpose(1, 2) for y in (q, k / math.sqrt(self.dh), v))
        return q, k, v, ig, F.logsigmoid(fg), xc, z, window
    def finish(self, x, h, xc, z):
        b, _, t, _ = h.shape
        h = head_norm(h.transpose(1, 2).reshape(b, t, self.inner), self.out_norm, H)
        return x + self.down((h + self.skip * xc) * F.silu(z))
    def forward(self, x):
        q, k, v, ig, logf, xc, z, _ = self.qkv(x, False)
        T = x.size(1)
        F_ = logf.cumsum(-1)  # the stabilised parallel form
        log_d = F_[..., :, None] - F_[..., None, :] + ig[..., None, :]
        log_d = log_d.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
        m = log_d.max(-1, keepdim=True).values
        c = (q @ k.transpose(-1, -2)) * torch.exp(log_d - m)
        normaliser = torch.maximum(c.sum(-1, keepdim=True).abs(), torch.exp(-m)) + 1e-6
        return self.finish(x, (c / normaliser) @ v, xc, z)
    def step(self, x, state):
        b = x.size(0)
        if state is None:
            state = (None, torch.zeros(b, H, self.dh, self.dh), torch.zeros(b, H, self.dh), torch.full((b, H), float("-inf")))
        window, c, n, m = state
        q, k, v, ig, logf, xc, z, window = self.qkv(x, window)
        q, k, v, ig, logf = q[:, :, 0], k[:, :, 0], v[:, :, 0], ig[..., 0], logf[..., 0]
        m_new = torch.maximum(logf + m, ig)
        f_, i_ = torch.exp(logf + m - m_new), torch.exp(ig - m_new)
        c = f_[..., None, None] * c + i_[..., None, None] * (k[..., :, None] * v[..., None, :])
        n = f_[..., None] * n + i_[..., None] * k
        h = (q[..., None] * c).sum(-2) / (torch.maximum((q * n).sum(-1).abs(), torch.exp(-m_new)) + 1e-6)[..., None]
        return self.finish(x, h[:, :, None], xc, z), (window, c, n, m_new)

class SLstmBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.dh = D // H
        ff = math.ceil(a.ff_factor * D / 64) * 64
        self.norm = nn.LayerNorm(D)
        self.conv = CausalConv(D, a.conv_kernel)
        self.w_if, self.w_zo = Headwise(D, H, 2 * self.dh), Headwise(D, H, 2 * self.dh)
        self.r = nn.Parameter(torch.randn(H, self.dh, 4 * self.dh) * 0.02)
        self.bias = nn.Parameter(torch.zeros(H, 4 * self.dh))
        self.out_norm = nn.Parameter(torch.ones(D))
        self.ff_norm = nn.LayerNorm(D)
        self.ff_up = nn.Linear(D, 2 * ff, bias=False)
        self.ff_down = nn.Linear(ff, D, bias=False)
    def cell(self, x, window, state):
        """x [B, T, D] from the cell state (c, n, m, h) [B, H, Dh] each -> (hs [B, T, D], window, state)."""
        b, t = x.shape[:2]
        normed = self.norm(x)
        if window is False:
            xc, window = self.conv(normed), None
        else:
            xc, window = self.conv.step(normed, window)
        xc = F.silu(xc)
        pre = torch.cat([self.w_if(xc).reshape(b, t, H, 2 * self.dh), self.w_zo(normed).reshape(b, t, H, 2 * self.dh)], -1) + self.bias
        c, n, m, h = state
        hs = []
        for s in range(t):  # only the cell update is sequential
            i_raw, f_raw, z_raw, o_raw = (pre[:, s] + torch.einsum("bhd,hde->bhe", h, self.r)).split(self.dh, -1)
            logf_m = m + F.logsigmoid(f_raw)
            m_new = torch.maximum(logf_m, i_raw)
            i_, f_ = torch.exp(i_raw - m_new), torch.exp(logf_m - m_new)
            c = f_ * c + i_ * torch.tanh(z_raw)
            n = f_ * n + i_
            h = torch.sigmoid(o_raw) * c / n
            m = m_new
            hs.append(h.reshape(b, D))
        return torch.stack(hs, 1), window, (c, n, m, h)
    def finish(self, x, hs):
        x = x + head_norm(hs, self.out_norm, H)
        gate, value = self.ff_up(self.ff_norm(x)).chunk(2, -1)
        return x + self.ff_down(F.gelu(gate) * value)
    def zero_state(self, b):
        z = torch.zeros(b, H, self.dh)
        return (z, z, torch.full((b, H, self.dh), -1e9), z)
    def forward(self, x):
        hs, _, _ = self.cell(x, False, self.zero_state(x.size(0)))
        return self.finish(x, hs)
    def step(self, x, state):
        window, cell = state if state is not None else (None, self.zero_state(x.size(0)))
        hs, window, cell = self.cell(x, window, cell)
        return self.finish(x, hs), (window, cell)

class XLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        slstm_at = {int(i) for i in a.slstm_at.split(",") if i.strip()}
        self.tok = nn.Embedding(V, D)
        self.blocks = nn.ModuleList(SLstmBlock() if i in slstm_at else MLstmBlock() for i in range(a.layers))
        self.norm, self.head = nn.LayerNorm(D), nn.Linear(D, V, bias=False)
    def forward(self, ids):
        x = self.tok(ids)
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x))
    def step(self, ids, t, state):
        x = self.tok(ids)
        state = state or [None] * len(self.blocks)
        for i, block in enumerate(self.blocks):
            x, state[i] = block.step(x, state[i])
        return self.head(self.norm(x)), state

def batch():
    xs, ys = [], []
    for _ in range(a.batch):
        n = 1 + rnd.randrange((S - 2) // 2)
        s = [1] + [3] * n + [4] * n + [2]
        s += [0] * (S - len(s))
        xs.append(s[:-1]); ys.append(s[1:])
    return torch.tensor(xs), torch.tensor(ys)

model = {"transformer": GPT, "lstm": LSTM, "linear-attention": LinearGPT, "mamba": Mamba, "xlstm": XLSTM}[a.arch]()
if a.mode == "decode":
    model.eval()
    def decode():
        ids = torch.cat([torch.ones(a.batch, 1, dtype=torch.long), torch.randint(3, 5, (a.batch, a.prompt - 1))], 1)
        state, out = None, None
        with torch.no_grad():
            for t in range(a.seq - 1):
                tok = ids[:, t:t + 1] if t < a.prompt else out.argmax(-1)
                out, state = model.step(tok, t, state)
    decode()
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(a.batches):
        decode()
    el, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"torch {torch.__version__} {a.arch} decode threads={a.threads} batch={a.batch} prompt={a.prompt} "
          f"length={a.seq} completions/s={a.batches * a.batch / el:.1f} completions/cpu-s={a.batches * a.batch / cpu:.1f}")
    raise SystemExit
opt = torch.optim.AdamW(model.parameters(), lr=a.lr)
def step():
    x, y = batch()
    loss = F.cross_entropy(model(x).reshape(-1, V), y.reshape(-1), ignore_index=0)
    opt.zero_grad(); loss.backward(); opt.step()
    return int((y != 0).sum())
for _ in range(a.warmup):
    step()
t0, c0, real = time.perf_counter(), time.process_time(), 0
for _ in range(a.steps):
    real += step()
el, cpu = time.perf_counter() - t0, time.process_time() - c0
print(f"torch {torch.__version__} {a.arch} threads={a.threads} steps={a.steps} "
      f"tokens/s={a.steps * a.batch * (S - 1) / el:.0f} real-tokens/s={real / el:.0f} "
      f"cpu-tokens/s={a.steps * a.batch * (S - 1) / cpu:.0f}")

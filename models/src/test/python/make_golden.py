#!/usr/bin/env python3
"""Writes the golden fixtures of rulex's Mamba and xLSTM (GoldenModelTest).

An independent PyTorch reference of each architecture, written from the papers' equations
(Gu and Dao 2023; Beck et al. 2024), in the plainest form: every recurrence step by step over
time (the Java models train Mamba and sLSTM step by step too, but mLSTM in its parallel form),
the convolution through F.conv1d, sLSTM's first step through the reference implementation's
"n == 0" rule rather than a stabiliser starting at minus infinity. Random weights from a fixed
seed, larger than initial weights so that gates and normalisations leave their linear range.

Writes models/src/test/resources/golden/{mamba,xlstm}.json: the model configuration (rulex's
JSON), every parameter under rulex's name and shape, input ids and the expected logits.
Run from the repository root with Debian's PyTorch:  /usr/bin/python3 models/src/test/python/make_golden.py
"""
import json, math, os
import torch
import torch.nn.functional as F

V = 5  # PAD, SOS, EOS, a, b
OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden"))
IDS = [[1, 3, 3, 4, 3, 4, 4, 2, 0, 3, 4], [1, 4, 4, 4, 3, 2, 3, 3, 4, 4, 1]]


def rms_norm(x, gain):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * gain


def layer_norm(x, gain, shift):
    return F.layer_norm(x, (x.shape[-1],), gain, shift, 1e-5)


def causal_conv(x, weight, bias):
    """x [B, T, C], weight [C, K] -> [B, T, C], output t sees inputs t-K+1..t."""
    k = weight.shape[1]
    y = F.conv1d(x.transpose(1, 2), weight.unsqueeze(1), bias, padding=k - 1, groups=x.shape[2])
    return y[..., : x.shape[1]].transpose(1, 2)


class Params:
    """Random parameters under rulex's names; rulex's names are the fixture's keys."""

    def __init__(self, seed):
        self.gen = torch.Generator().manual_seed(seed)
        self.values = {}

    def normal(self, name, shape, std, mean=0.0):
        return self.keep(name, torch.randn(*shape, generator=self.gen) * std + mean)

    def uniform(self, name, shape, lo, hi):
        return self.keep(name, torch.rand(*shape, generator=self.gen) * (hi - lo) + lo)

    def keep(self, name, value):
        self.values[name] = value.float().double()  # exactly representable in Java's float32
        return self.values[name]


def mamba(ids, layers=2, d=8, n=4, k=3, expand=2):
    di, r = expand * d, math.ceil(d / 16)
    p = Params(7)
    tokens = p.normal("tokens", (V, d), 0.5)
    blocks = []
    for l in range(layers):
        pre = "%02dlayer%d_" % (l + 1, l)
        blocks.append(dict(
            norm=p.uniform(pre + "01norm_gain", (d,), 0.5, 1.5),
            in_proj=p.normal(pre + "inProj", (2 * di, d), 0.4),
            conv_w=p.normal(pre + "02conv_weight", (di, k), 0.5),
            conv_b=p.normal(pre + "02conv_bias", (di,), 0.2),
            x_proj=p.normal(pre + "xProj", (r + 2 * n, di), 0.4),
            dt_w=p.normal(pre + "dtWeight", (di, r), 0.5),
            dt_b=p.normal(pre + "dtBias", (di,), 0.5, -1.0),
            a_log=p.uniform(pre + "aLog", (di, n), -1.0, 1.5),
            skip=p.normal(pre + "skip", (di,), 0.5, 1.0),
            out_proj=p.normal(pre + "outProj", (d, di), 0.4)))
    final = p.uniform("%02dfinalNorm_gain" % (layers + 1), (d,), 0.5, 1.5)

    x = tokens[ids]  # [B, T, D]
    b, t = ids.shape
    for w in blocks:
        u, z = (rms_norm(x, w["norm"]) @ w["in_proj"].T).chunk(2, -1)
        u = F.silu(causal_conv(u, w["conv_w"], w["conv_b"]))
        dt, bm, cm = (u @ w["x_proj"].T).split([r, n, n], -1)
        delta = F.softplus(dt @ w["dt_w"].T + w["dt_b"])  # [B, T, Di]
        a = -torch.exp(w["a_log"])  # [Di, N]
        h = torch.zeros(b, di, n)
        ys = []
        for s in range(t):
            h = torch.exp(delta[:, s, :, None] * a) * h + (delta[:, s] * u[:, s])[:, :, None] * bm[:, s, None, :]
            ys.append(torch.einsum("bin,bn->bi", h, cm[:, s]) + w["skip"] * u[:, s])
        y = torch.stack(ys, 1) * F.silu(z)
        x = x + y @ w["out_proj"].T
    logits = rms_norm(x, final) @ tokens.T
    config = {"architecture": "mamba", "layers": layers, "dModel": d, "dState": n, "dConv": k, "expand": expand}
    return config, p.values, logits


def headwise(x, weight):
    """Block-diagonal map: x [B, T, G * in], weight [G, in, out] -> [B, T, G * out]."""
    g, i, o = weight.shape
    return torch.einsum("btgi,gio->btgo", x.reshape(*x.shape[:2], g, i), weight).reshape(*x.shape[:2], g * o)


def head_norm(h, gain, heads):
    """h [B, T, H * Dh] normalised within each head, times a per-channel gain."""
    b, t, c = h.shape
    hh = h.reshape(b, t, heads, c // heads)
    hh = (hh - hh.mean(-1, keepdim=True)) / torch.sqrt(hh.var(-1, unbiased=False, keepdim=True) + 1e-5)
    return hh.reshape(b, t, c) * gain


def mlstm_block(x, w, heads, k):
    b, t, e = x.shape
    inner = 2 * e
    dh = inner // heads
    xm, z = (layer_norm(x, w["norm_g"], w["norm_s"]) @ w["up"].T).chunk(2, -1)
    xc = F.silu(causal_conv(xm, w["conv_w"], w["conv_b"]))
    q, kk, v = headwise(xc, w["q"]), headwise(xc, w["k"]), headwise(xm, w["v"])
    gates = torch.cat([q, kk, v], -1) @ w["gate_w"].T + w["gate_b"]  # [B, T, 2H]
    ig, fg = gates[..., :heads], gates[..., heads:]
    qh, kh, vh = (a.reshape(b, t, heads, dh) for a in (q, kk / math.sqrt(dh), v))
    c = torch.zeros(b, heads, dh, dh)
    n = torch.zeros(b, heads, dh)
    m = torch.full((b, heads), -float("inf"))
    hs = []
    for s in range(t):
        logf = F.logsigmoid(fg[:, s])
        m_new = torch.maximum(logf + m, ig[:, s])
        f_ = torch.exp(logf + m - m_new)
        i_ = torch.exp(ig[:, s] - m_new)
        c = f_[..., None, None] * c + i_[..., None, None] * torch.einsum("bhd,bhe->bhde", kh[:, s], vh[:, s])
        n = f_[..., None] * n + i_[..., None] * kh[:, s]
        num = torch.einsum("bhd,bhde->bhe", qh[:, s], c)
        den = torch.maximum((qh[:, s] * n).sum(-1).abs(), torch.exp(-m_new)) + 1e-6
        hs.append((num / den[..., None]).reshape(b, inner))
        m = m_new
    h = head_norm(torch.stack(hs, 1), w["out_g"], heads)
    y = (h + w["skip"] * xc) * F.silu(z)
    return x + y @ w["down"].T


def slstm_block(x, w, heads, k):
    b, t, e = x.shape
    dh = e // heads
    normed = layer_norm(x, w["norm_g"], w["norm_s"])
    xc = F.silu(causal_conv(normed, w["conv_w"], w["conv_b"]))
    wif = headwise(xc, w["if"]).reshape(b, t, heads, 2 * dh)
    wzo = headwise(normed, w["zo"]).reshape(b, t, heads, 2 * dh)
    pre = torch.cat([wif, wzo], -1) + w["bias"]  # [B, T, H, 4Dh]: i, f, z, o
    c = torch.zeros(b, heads, dh)
    n = torch.zeros(b, heads, dh)
    m = torch.zeros(b, heads, dh)
    h = torch.zeros(b, heads, dh)
    hs = []
    for s in range(t):
        g = pre[:, s] + torch.einsum("bhd,hde->bhe", h, w["r"])
        i_raw, f_raw, z_raw, o_raw = g.split(dh, -1)
        logf_plus_m = m + F.logsigmoid(f_raw)
        m_new = i_raw if s == 0 else torch.maximum(i_raw, logf_plus_m)  # the reference's n == 0 rule
        i_ = torch.exp(i_raw - m_new)
        f_ = torch.exp(logf_plus_m - m_new)
        c = f_ * c + i_ * torch.tanh(z_raw)
        n = f_ * n + i_
        h = torch.sigmoid(o_raw) * c / n
        m = m_new
        hs.append(h.reshape(b, e))
    x = x + head_norm(torch.stack(hs, 1), w["out_g"], heads)
    gate, value = (layer_norm(x, w["ff_g"], w["ff_s"]) @ w["ff_up"].T).chunk(2, -1)
    return x + (F.gelu(gate) * value) @ w["ff_down"].T


def xlstm(ids, blocks=3, e=8, heads=2, slstm_at=(1,), k=3, ff_factor=1.3):
    p = Params(11)
    inner = 2 * e
    ff = math.ceil(ff_factor * e / 64) * 64
    tokens = p.normal("tokens", (V, e), 0.5)
    stack = []
    for l in range(blocks):
        pre = "%02dblock%d_" % (l + 1, l)
        if l in slstm_at:
            dh = e // heads
            w = dict(
                r=p.normal(pre + "recurrent", (heads, dh, 4 * dh), 0.3),
                bias=p.normal(pre + "bias", (heads, 4 * dh), 0.5),
                norm_g=p.uniform(pre + "01norm_gain", (e,), 0.5, 1.5),
                norm_s=p.normal(pre + "01norm_shift", (e,), 0.1),
                conv_w=p.normal(pre + "02conv_weight", (e, k), 0.5),
                conv_b=p.normal(pre + "02conv_bias", (e,), 0.2),
                **{"if": p.normal(pre + "03inputForget_weight", (heads, dh, 2 * dh), 0.5)},
                zo=p.normal(pre + "04cellOutput_weight", (heads, dh, 2 * dh), 0.5),
                out_g=p.uniform(pre + "05outNorm_gain", (e,), 0.5, 1.5),
                ff_g=p.uniform(pre + "06ffNorm_gain", (e,), 0.5, 1.5),
                ff_s=p.normal(pre + "06ffNorm_shift", (e,), 0.1),
                ff_up=p.normal(pre + "07ffUp_weight", (2 * ff, e), 0.3),
                ff_down=p.normal(pre + "08ffDown_weight", (e, ff), 0.1))
            stack.append((slstm_block, w))
        else:
            w = dict(
                gate_w=p.normal(pre + "gateWeight", (2 * heads, 3 * inner), 0.2),
                gate_b=p.normal(pre + "gateBias", (2 * heads,), 1.0, 1.0),
                skip=p.normal(pre + "skip", (inner,), 0.5, 1.0),
                norm_g=p.uniform(pre + "01norm_gain", (e,), 0.5, 1.5),
                norm_s=p.normal(pre + "01norm_shift", (e,), 0.1),
                up=p.normal(pre + "02up_weight", (2 * inner, e), 0.4),
                conv_w=p.normal(pre + "03conv_weight", (inner, k), 0.5),
                conv_b=p.normal(pre + "03conv_bias", (inner,), 0.2),
                q=p.normal(pre + "04q_weight", (inner // 4, 4, 4), 0.5),
                k=p.normal(pre + "05k_weight", (inner // 4, 4, 4), 0.5),
                v=p.normal(pre + "06v_weight", (inner // 4, 4, 4), 0.5),
                out_g=p.uniform(pre + "07outNorm_gain", (inner,), 0.5, 1.5),
                down=p.normal(pre + "08down_weight", (e, inner), 0.3))
            stack.append((mlstm_block, w))
    final_g = p.uniform("%02dfinalNorm_gain" % (blocks + 1), (e,), 0.5, 1.5)
    final_s = p.normal("%02dfinalNorm_shift" % (blocks + 1), (e,), 0.1)
    head = p.normal("%02dhead_weight" % (blocks + 2), (V, e), 0.5)

    x = tokens[ids]
    for block, w in stack:
        x = block(x, w, heads, k)
    logits = layer_norm(x, final_g, final_s) @ head.T
    config = {"architecture": "xlstm", "blocks": blocks, "embedding": e, "heads": heads, "sLstmAt": list(slstm_at),
              "convKernel": k, "ffFactor": ff_factor}
    return config, p.values, logits


def write(name, config, params, logits, ids):
    fixture = {
        "note": "written by models/src/test/python/make_golden.py with torch " + torch.__version__,
        "config": config,
        "vocabularySize": V,
        "ids": ids.tolist(),
        "parameters": {k: {"shape": list(v.shape), "values": [float(x) for x in v.flatten()]} for k, v in params.items()},
        "logits": {"shape": list(logits.shape), "values": [round(float(x), 6) for x in logits.flatten()]},
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    torch.set_default_dtype(torch.float64)  # the reference in double; Java runs float32
    ids = torch.tensor(IDS)
    with torch.no_grad():
        for name, model in (("mamba", mamba), ("xlstm", xlstm)):
            config, params, logits = model(ids)
            write(name, config, params, logits, ids)
            print(name, "logits", tuple(logits.shape), "max |logit| %.3f" % logits.abs().max())

"""PyTorch reference of Tailor's trainer (package embed), for speed comparison.

It trains the same model on the same data with the same settings as
`tailor train` defaults: a one-layer relational graph encoder with one
weight matrix per attribute kind, attribute vectors e_a = v_a + mean of
their word vectors, a bag-of-words text encoder plus linear maps of the
attributes the text requests and removes, gated-residual composition, the symmetric batch
softmax compositional loss and the DistMult link loss with negative
sampling, optimised by AdamW with early stopping on held-out recall.

Its random draws come from NumPy, not from Go's PCG, so its batches differ
from the Go trainer's and its held-out recall is comparable only
statistically. Input is the JSON that `go run ./bench/trainexp -export`
writes.

    python reference.py --data /tmp/tailor-data.json --threads 2
"""

import argparse
import json
import math
import resource
import time

import numpy as np
import torch
import torch.nn.functional as F


# Words that make the attribute named right after them a removed one, as
# in embed/compose.go.
REMOVAL_WORDS = {"no", "not", "without", "less", "non", "replace"}


class Data:
    """The graph and queries, with index arrays for batched gathering."""

    def __init__(self, path):
        with open(path) as f:
            d = json.load(f)

        self.kinds = d["kinds"]
        self.words = d["words"]
        self.word_text = d["word_text"]
        self.attr_kind = np.array([a[0] for a in d["attributes"]], dtype=np.int64)
        self.attr_words = [a[1] for a in d["attributes"]]
        self.product_attrs = [np.array(p, dtype=np.int64) for p in d["product_attributes"]]
        self.train = d["train"]
        self.held_out = d["held_out"]

        # first_word_attrs maps a word to the attributes whose value starts with it.
        self.first_word_attrs = {}
        for a, ws in enumerate(self.attr_words):
            if ws:
                self.first_word_attrs.setdefault(ws[0], []).append(a)

        self.linkable = np.array([p for p, a in enumerate(self.product_attrs) if len(a) >= 2], dtype=np.int64)
        self.by_kind = [np.flatnonzero(self.attr_kind == k) for k in range(self.kinds)]

    def mentions(self, words):
        """Attributes whose value words all occur in the text, split into
        requested and removed (right after a removal word), each sorted."""
        ws = set(words)
        requested, removed = [], []
        for i, w in enumerate(words):
            for a in self.first_word_attrs.get(w, []):
                if not all(x in ws for x in self.attr_words[a]):
                    continue
                if i > 0 and self.word_text[words[i - 1]] in REMOVAL_WORDS:
                    removed.append(a)
                else:
                    requested.append(a)
        return sorted(requested), sorted(removed)


class Model(torch.nn.Module):
    def __init__(self, data, dim, generator, dtype):
        super().__init__()
        self.data = data
        n_attr = len(data.attr_kind)
        scale = 1 / math.sqrt(dim)

        def gauss(*shape, sd):
            return torch.nn.Parameter(torch.randn(*shape, generator=generator, dtype=dtype) * sd)

        self.U = gauss(data.words, dim, sd=scale)
        self.V = gauss(n_attr, dim, sd=scale)
        self.W = gauss(data.kinds, dim, dim, sd=0.1 * scale)
        with torch.no_grad():
            self.W += torch.eye(dim, dtype=dtype)
        self.bias = torch.nn.Parameter(torch.zeros(dim, dtype=dtype))
        self.G = gauss(dim, dim, sd=0.1 * scale)
        self.gb = torch.nn.Parameter(torch.full((dim,), 2.0, dtype=dtype))
        self.R = gauss(dim, dim, sd=0.1 * scale)
        self.D = torch.nn.Parameter(torch.ones(data.kinds, dim, dtype=dtype))
        self.M = torch.nn.Parameter(torch.zeros(dim, dim, dtype=dtype))
        self.N = torch.nn.Parameter(torch.zeros(dim, dim, dtype=dtype))

        # word_mean is the sparse attributes × words matrix of 1/len(words).
        rows, cols, vals = [], [], []
        for a, ws in enumerate(data.attr_words):
            for w in ws:
                rows.append(a)
                cols.append(w)
                vals.append(1 / len(ws))
        self.word_mean = torch.sparse_coo_tensor(
            [rows, cols], vals, (n_attr, data.words), dtype=dtype, check_invariants=True).coalesce()
        self.attr_kind = torch.from_numpy(data.attr_kind)
        self.kind_index = [torch.from_numpy(ix) for ix in data.by_kind]

    def attribute_vectors(self):
        """e_a for every attribute, and W_k e_a for every attribute."""
        E = self.V + torch.sparse.mm(self.word_mean, self.U)
        T = torch.empty_like(E)
        for k, ix in enumerate(self.kind_index):
            T[ix] = E[ix] @ self.W[k].T
        return E, T

    def encode(self, neighbour_lists, T):
        """h = b + Σ_k mean over kind-k neighbours of W_k e_a, per row."""
        n = len(neighbour_lists)
        lengths = np.fromiter((len(a) for a in neighbour_lists), dtype=np.int64, count=n)
        attrs = np.concatenate(neighbour_lists) if lengths.sum() else np.zeros(0, dtype=np.int64)
        rows = np.repeat(np.arange(n), lengths)
        slots = rows * self.data.kinds + self.data.attr_kind[attrs]
        counts = np.bincount(slots, minlength=n * self.data.kinds)
        weight = torch.from_numpy(1 / counts[slots]).to(T.dtype)
        H = self.bias.expand(n, -1).clone()
        return H.index_add(0, torch.from_numpy(rows), T[torch.from_numpy(attrs)] * weight[:, None])

    def encode_text(self, texts, E):
        n = len(texts)
        dtype = E.dtype
        rows = np.repeat(np.arange(n), [len(t) for t in texts])
        words = np.concatenate([np.asarray(t, dtype=np.int64) for t in texts]) if len(rows) else np.zeros(0, dtype=np.int64)
        inv = np.array([1 / len(t) for t in texts for _ in t])
        Q = torch.zeros(n, E.shape[1], dtype=dtype).index_add(
            0, torch.from_numpy(rows), self.U[torch.from_numpy(words)] * torch.from_numpy(inv).to(dtype)[:, None])

        named = [self.data.mentions(t) for t in texts]
        for part, weight in ((0, self.M), (1, self.N)):
            lists = [m[part] for m in named]
            m_rows = np.repeat(np.arange(n), [len(m) for m in lists])
            if len(m_rows):
                m_attrs = np.concatenate([np.asarray(m, dtype=np.int64) for m in lists])
                m_inv = np.array([1 / len(m) for m in lists for _ in m])
                A = torch.zeros_like(Q).index_add(
                    0, torch.from_numpy(m_rows), E[torch.from_numpy(m_attrs)] * torch.from_numpy(m_inv).to(dtype)[:, None])
                Q = Q + A @ weight.T
        return Q

    def compose(self, Hc, Q):
        return Hc * torch.sigmoid(Q @ self.G.T + self.gb) + Q @ self.R.T


def softmax_loss(X, Y, tau):
    logits = F.normalize(X, dim=1) @ F.normalize(Y, dim=1).T / tau
    return F.cross_entropy(logits, torch.arange(X.shape[0]))


class Sampler:
    def __init__(self, data, rng, cfg):
        self.data, self.rng, self.cfg = data, rng, cfg

    def link_sample(self):
        d, rng = self.data, self.rng
        p = d.linkable[rng.integers(len(d.linkable))]
        attrs = d.product_attrs[p]
        held = rng.integers(len(attrs))
        positive = attrs[held]
        pool = d.by_kind[d.attr_kind[positive]]
        negatives = []
        for _ in range(4 * self.cfg.link_negatives):
            if len(negatives) == self.cfg.link_negatives:
                break
            a = pool[rng.integers(len(pool))]
            if a not in attrs:
                negatives.append(a)
        return np.delete(attrs, held), positive, negatives


def train_epoch(model, opt, data, sampler, cfg):
    d, rng = data, sampler.rng
    order = rng.permutation(len(d.train))
    total, steps, triplets, edges = 0.0, 0, 0, 0
    start = time.perf_counter()

    for lo in range(0, len(order), cfg.batch_size):
        batch = [d.train[i] for i in order[lo:lo + cfg.batch_size]]
        negatives = rng.integers(len(d.product_attrs), size=cfg.negatives)
        cands = [d.product_attrs[t[0]] for t in batch]
        targets = [d.product_attrs[t[1]] for t in batch] + [d.product_attrs[p] for p in negatives]
        links = [sampler.link_sample() for _ in batch]
        triplets += len(batch)
        edges += sum(len(a) for a in cands) + sum(len(a) for a in targets) + sum(len(l[0]) for l in links)

        E, T = model.attribute_vectors()
        Hc = model.encode(cands, T)
        Ht = model.encode(targets, T)
        Phi = model.compose(Hc, model.encode_text([t[2] for t in batch], E))
        loss = softmax_loss(Phi, Ht, cfg.temperature) + softmax_loss(Ht[:len(batch)], Phi, cfg.temperature)

        h = model.encode([l[0] for l in links], T)
        rows = np.repeat(np.arange(len(links)), [1 + len(l[2]) for l in links])
        attrs = np.concatenate([[l[1]] + list(l[2]) for l in links]).astype(np.int64)
        sign = torch.tensor(np.concatenate([[1.0] + [-1.0] * len(l[2]) for l in links]), dtype=h.dtype)
        a = torch.from_numpy(attrs)
        scores = (h[torch.from_numpy(rows)] * model.D[model.attr_kind[a]] * E[a]).sum(dim=1)
        link = F.softplus(-sign * scores).sum()
        loss = loss + cfg.link_weight * link / len(links)

        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item()
        steps += 1

    return total / steps, time.perf_counter() - start, triplets, edges


@torch.no_grad()
def held_out_score(model, data, seed):
    E, T = model.attribute_vectors()
    scores = []
    for s in data.held_out:
        gallery = s["gallery"]
        Hg = F.normalize(model.encode([data.product_attrs[p] for p in gallery], T), dim=1)
        qs = s["queries"]
        Phi = model.compose(model.encode([data.product_attrs[q[0]] for q in qs], T), model.encode_text([q[2] for q in qs], E))
        S = F.normalize(Phi, dim=1) @ Hg.T
        tie = torch.from_numpy(np.random.default_rng(seed).permutation(len(gallery)))
        position = {p: i for i, p in enumerate(gallery)}
        ranks = []
        for i, q in enumerate(qs):
            t = position.get(q[1])
            if t is None:
                ranks.append(-1)
                continue
            row = S[i]
            ranks.append(int(((row > row[t]) | ((row == row[t]) & (tie < tie[t]))).sum()))
        r = np.array(ranks)
        scores.append((np.mean((r >= 0) & (r < 10)) + np.mean((r >= 0) & (r < 50))) * 50)
    return float(np.mean(scores))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="JSON written by trainexp -export")
    ap.add_argument("--threads", type=int, default=2, help="torch intra-op threads")
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--patience", type=int, default=4, help="epochs without held-out gain before stopping; 0 runs every epoch")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--link-weight", type=float, default=0.5)
    ap.add_argument("--negatives", type=int, default=128)
    ap.add_argument("--link-negatives", type=int, default=5)
    ap.add_argument("--temperature", type=float, default=0.1)
    cfg = ap.parse_args()

    torch.set_num_threads(cfg.threads)
    dtype = getattr(torch, cfg.dtype)
    data = Data(cfg.data)
    model = Model(data, cfg.dim, torch.Generator().manual_seed(cfg.seed), dtype)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay, eps=1e-8)
    sampler = Sampler(data, np.random.default_rng(cfg.seed), cfg)

    history, best, best_state, stale = [], -1.0, None, 0
    for epoch in range(1, cfg.epochs + 1):
        loss, seconds, triplets, edges = train_epoch(model, opt, data, sampler, cfg)
        score = held_out_score(model, data, cfg.seed)
        history.append({"epoch": epoch, "loss": loss, "held_out": score, "seconds": seconds,
                        "triplets_per_second": triplets / seconds, "edges_per_second": edges / seconds})
        print(json.dumps(history[-1]), flush=True)
        if score > best:
            best, stale = score, 0
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        else:
            stale += 1
            if cfg.patience > 0 and stale >= cfg.patience:
                break

    model.load_state_dict(best_state)
    seconds = sum(h["seconds"] for h in history)
    print(json.dumps({
        "summary": True, "torch": torch.__version__, "threads": cfg.threads, "dtype": cfg.dtype,
        "epochs": len(history), "best_held_out": best, "epoch_seconds": seconds / len(history),
        "triplets_per_second": sum(h["triplets_per_second"] * h["seconds"] for h in history) / seconds,
        "edges_per_second": sum(h["edges_per_second"] * h["seconds"] for h in history) / seconds,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()

"""GPU pilot of fer4j's training recipes, in PyTorch.

Why this exists: a fer-net run of 150 epochs takes about 12 hours on the project's 2-core CPU, spread over several
sessions. When a session is lent a GPU, this script replays the same recipe (architecture, initialisation,
augmentation, mixup, label smoothing, SGD with Nesterov momentum, warm-up plus cosine schedule, batch 64) in minutes,
so that a long CPU run is only started, or continued, when the pilot says it pays. The pilot's numbers are a forecast
for the Java run, not a result of the library: the frameworks differ in initial values, random streams and kernels.

Input: one file of raw bytes, as written by ``make_data.py``: Training pixels (28709 x 48 x 48 uint8), PublicTest
pixels (3589 x 48 x 48), Training labels, PublicTest labels. PublicTest is used for model selection and reporting
only, as in the Java trainer.

Output: a JSON file per run with per-epoch training loss, PublicTest accuracy and macro-F1, and at the end the best
and last epochs' accuracy with test-time augmentation (none, flip, flip-shift as in fer4j's ``Tta``).
"""
import argparse
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

TRAIN, TEST, S = 28709, 3589, 48
MEAN, STD = 0.5077, 0.2550  # fer4j Preprocessing.FER_STANDARDIZED


def load(path):
    raw = np.fromfile(path, dtype=np.uint8)
    n = (TRAIN + TEST) * S * S
    if raw.size != n + TRAIN + TEST:
        sys.exit(f"{path}: expected {n + TRAIN + TEST} bytes, got {raw.size}")
    x = raw[:n].reshape(TRAIN + TEST, S, S)
    y = raw[n:].astype(np.int64)
    return x[:TRAIN], y[:TRAIN], x[TRAIN:], y[TRAIN:]


class Unit(nn.Module):
    """fer4j's residual basic unit: conv3x3-BN-ReLU-conv3x3-BN plus identity or 1x1-BN projection, then ReLU."""

    def __init__(self, cin, cout):
        super().__init__()
        self.main = nn.Sequential(nn.Conv2d(cin, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                                  nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.short = None if cin == cout else nn.Sequential(nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        return F.relu(self.main(x) + (x if self.short is None else self.short(x)))


def fer_net(width, units=(1, 1, 1)):
    """Architectures.ferNet(width, units) of fer-models, layer for layer."""
    layers = [nn.Conv2d(1, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True),
              nn.Conv2d(width, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True),
              nn.MaxPool2d(2)]
    cin = width
    for k in range(1, 4):
        cout = width << k
        layers.append(Unit(cin, cout))
        layers += [Unit(cout, cout) for _ in range(units[k - 1] - 1)]
        if k < 3:
            layers.append(nn.MaxPool2d(2))
        cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.3), nn.Linear(cin, 7)]
    net = nn.Sequential(*layers)
    for m in net.modules():  # DJL Xavier(GAUSSIAN, IN, 2): He normal on weights, zero biases
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(m.weight, mode='fan_in', nonlinearity='relu')
            if m.bias is not None:
                nn.init.zeros_(m.bias)
    return net


ARCHS = {'fer-net': lambda: fer_net(32), 'fer-net-s': lambda: fer_net(16), 'fer-net-d': lambda: fer_net(32, (2, 2, 1)),
         'fer-net-d3': lambda: fer_net(32, (3, 3, 1)), 'fer-net-dw': lambda: fer_net(40, (2, 2, 1)),
         'fer-net-w48': lambda: fer_net(48)}


def augment(x, g):
    """Augmentation.STRONG on a batch of 0..255 images (B, 1, 48, 48): one affine warp (flip, +-4 px shift,
    +-10 degrees, +-10% zoom, edge pixels repeat), brightness and contrast +-0.2, random erasing p 0.25 with noise."""
    b, dev = x.shape[0], x.device
    u = lambda lo, hi: torch.rand(b, device=dev, generator=g) * (hi - lo) + lo
    angle = u(-10, 10) * math.pi / 180
    scale = 1 + u(-0.1, 0.1)
    dx = torch.randint(-4, 5, (b,), device=dev, generator=g).float()
    dy = torch.randint(-4, 5, (b,), device=dev, generator=g).float()
    f = 1 - 2 * (torch.rand(b, device=dev, generator=g) < 0.5).float()
    c = (S - 1) / 2
    a_, b_ = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([a_ * f, b_, -(a_ * dx + b_ * dy) / c], 1),
                         torch.stack([-b_ * f, a_, (b_ * dx - a_ * dy) / c], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=True)
    x = F.grid_sample(x, grid, mode='bilinear', padding_mode='border', align_corners=True)
    bright = u(-0.2, 0.2).view(b, 1, 1, 1) * 255
    contrast = 1 + u(-0.2, 0.2).view(b, 1, 1, 1)
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    x = ((x - mean) * contrast + mean + bright).clamp(0, 255)
    area = u(0.02, 0.20) * S * S
    ratio = torch.exp(u(math.log(0.3), math.log(3.3)))
    h = torch.sqrt(area * ratio).round().clamp(max=S)
    w = torch.sqrt(area / ratio).round().clamp(max=S)
    y0 = (torch.rand(b, device=dev, generator=g) * (S - h + 1)).floor()
    x0 = (torch.rand(b, device=dev, generator=g) * (S - w + 1)).floor()
    r = torch.arange(S, device=dev).float()
    rows = (r.view(1, S) >= y0.view(b, 1)) & (r.view(1, S) < (y0 + h).view(b, 1))
    cols = (r.view(1, S) >= x0.view(b, 1)) & (r.view(1, S) < (x0 + w).view(b, 1))
    erase = (rows.view(b, S, 1) & cols.view(b, 1, S)) & (torch.rand(b, device=dev, generator=g) < 0.25).view(b, 1, 1)
    noise = torch.randint(0, 256, x.shape, device=dev, generator=g).float()
    return torch.where(erase.view(b, 1, S, S), noise, x)


def soft_cross_entropy(logits, target):
    """Cross-entropy against soft targets (mixup and label smoothing make every target a distribution)."""
    return -(target * F.log_softmax(logits, 1)).sum(1).mean()


def normalize(x):
    return (x / 255 - MEAN) / STD


def shifted(x, dx, dy):
    """FaceImage.shifted: content moves by (dx, dy), edge pixels repeat."""
    idx = torch.arange(S, device=x.device)
    sy = (idx - dy).clamp(0, S - 1)
    sx = (idx - dx).clamp(0, S - 1)
    return x[:, :, sy][:, :, :, sx]


TTA = {'none': [(0, 0, 0)], 'flip': [(0, 0, 0), (1, 0, 0)],
       'flip-shift': [(0, 0, 0), (0, 2, 0), (0, -2, 0), (0, 0, 2), (0, 0, -2),
                      (1, 0, 0), (1, 2, 0), (1, -2, 0), (1, 0, 2), (1, 0, -2)]}


@torch.no_grad()
def probabilities(net, x, views):
    net.eval()
    total = 0
    for flip, dx, dy in views:
        v = torch.flip(x, dims=[3]) if flip else x
        v = shifted(v, dx, dy) if dx or dy else v
        total = total + torch.cat([F.softmax(net(normalize(v[i:i + 1024])), 1) for i in range(0, len(v), 1024)])
    net.train()
    return total / len(views)


def scores(prob, y):
    pred = prob.argmax(1)
    acc = (pred == y).float().mean().item()
    f1s = []
    for k in range(7):
        tp = ((pred == k) & (y == k)).sum().item()
        fp = ((pred == k) & (y != k)).sum().item()
        fn = ((pred != k) & (y == k)).sum().item()
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return acc, sum(f1s) / 7


def lr_at(step, steps_per_epoch, epochs, warmup, base):
    """Linear warm-up then cosine to zero, per step."""
    t = step / steps_per_epoch
    if t < warmup:
        return base * (step + 1) / (warmup * steps_per_epoch)
    return base * 0.5 * (1 + math.cos(math.pi * (t - warmup) / max(1e-9, epochs - warmup)))


class GraphStep:
    """One training step (forward, backward, SGD with Nesterov momentum and weight decay) captured as a CUDA graph.

    Why: eager PyTorch at batch 64 is bound by kernel-launch overhead on the CPU (about 4 s per fer-net-d epoch in
    session 8), which kept a 300-epoch pilot out of a 15-minute GPU loan. Replaying the captured step costs one launch.
    The update is torch.optim.SGD's (nesterov, dampening 0, decay on every parameter), written out so that the learning
    rate can live in a device tensor the graph reads; augmentation and mixup stay eager, outside the graph. The batch
    size is fixed, so an epoch drops the last partial batch (37 of 28,709 faces, a fresh permutation each epoch)."""

    def __init__(self, net, weight_decay, momentum, warm_x, warm_t):
        dev = warm_x.device
        self.net, self.wd, self.m = net, weight_decay, momentum
        self.params = list(net.parameters())
        self.bufs = [torch.zeros_like(p) for p in self.params]
        self.x = torch.zeros_like(warm_x).contiguous(memory_format=torch.channels_last)
        self.t = torch.zeros_like(warm_t)
        self.lr = torch.zeros((), device=dev)
        saved = {k: v.detach().clone() for k, v in net.state_dict().items()}
        self.x.copy_(warm_x)
        self.t.copy_(warm_t)
        try:
            side = torch.cuda.Stream()
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):  # cuDNN's algorithm search and lazy init happen here, outside the capture
                for _ in range(3):
                    for p in self.params:
                        p.grad = None
                    self._body()
            torch.cuda.current_stream().wait_stream(side)
            for p in self.params:
                p.grad = None
            self.graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(self.graph):
                self.loss = self._body()
        finally:
            # the warm-up steps ran at lr 0 but moved BN statistics and momentum: undo them, also when the capture
            # failed, so that the caller can fall back to eager training from the same initial weights
            with torch.no_grad():
                for k, v in net.state_dict().items():
                    v.copy_(saved[k])
                for b in self.bufs:
                    b.zero_()

    def _body(self):
        loss = soft_cross_entropy(self.net(self.x), self.t)
        loss.backward()
        with torch.no_grad():
            grads = [p.grad for p in self.params]
            d = torch._foreach_add(grads, self.params, alpha=self.wd)
            torch._foreach_mul_(self.bufs, self.m)
            torch._foreach_add_(self.bufs, d)
            torch._foreach_add_(d, self.bufs, alpha=self.m)
            for p, u in zip(self.params, d):
                p.sub_(u * self.lr)
        return loss

    def __call__(self, x, target, lr):
        self.x.copy_(x)
        self.t.copy_(target)
        self.lr.fill_(lr)
        self.graph.replay()
        return self.loss


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--data', required=True)
    p.add_argument('--out', required=True)
    p.add_argument('--arch', default='fer-net', choices=sorted(ARCHS))
    p.add_argument('--epochs', type=int, default=150)
    p.add_argument('--budget-s', type=float, default=0, help='wall-clock budget; after the warm-up the epoch count is cut to fit')
    p.add_argument('--batch-size', type=int, default=64)
    p.add_argument('--lr', type=float, default=0.05)
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--weight-decay', type=float, default=5e-4)
    p.add_argument('--label-smoothing', type=float, default=0.1)
    p.add_argument('--mixup', type=float, default=0.2)
    p.add_argument('--seed', type=int, default=21)
    p.add_argument('--limit', type=int, default=0, help='use only this many training faces (smoke test)')
    p.add_argument('--graph', action='store_true', help='replay each training step as a CUDA graph (GPU only; see GraphStep)')
    a = p.parse_args()
    tag = a.out.rsplit('/', 1)[-1].rsplit('.', 1)[0]

    dev = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    torch.manual_seed(a.seed)
    torch.backends.cudnn.benchmark = True
    xt, yt, xv, yv = load(a.data)
    if a.limit:
        xt, yt = xt[:a.limit], yt[:a.limit]
    xt = torch.from_numpy(xt.copy()).to(dev).float().unsqueeze(1)
    yt = torch.from_numpy(yt).to(dev)
    xv = torch.from_numpy(xv.copy()).to(dev).float().unsqueeze(1)
    yv = torch.from_numpy(yv).to(dev)
    net = ARCHS[a.arch]().to(dev).to(memory_format=torch.channels_last)
    params = sum(p.numel() for p in net.parameters())
    # DJL's SGD decays every parameter, BatchNorm's included: the same here
    opt = torch.optim.SGD(net.parameters(), lr=a.lr, momentum=0.9, nesterov=True, weight_decay=a.weight_decay)
    g = torch.Generator(device=dev)
    g.manual_seed(a.seed)
    beta = torch.distributions.Beta(torch.tensor(a.mixup), torch.tensor(a.mixup)) if a.mixup > 0 else None
    n, bs = len(xt), a.batch_size
    spe = math.ceil(n / bs)
    step_fn = None
    if a.graph:
        if dev.type != 'cuda':
            sys.exit('--graph needs a CUDA device')
        idx = torch.arange(bs, device=dev)
        try:
            step_fn = GraphStep(net, a.weight_decay, 0.9, normalize(xt[idx]), F.one_hot(yt[idx], 7).float())
            spe = n // bs
            print(f'{tag}: training steps replay a CUDA graph ({spe} full batches per epoch)', flush=True)
        except Exception as e:  # a pilot call is too scarce to lose: fall back to the eager loop, and say so
            print(f'{tag}: CUDA graph capture failed ({e!r}); training eagerly', flush=True)
            for p_ in net.parameters():
                p_.grad = None
    epochs = a.epochs
    log = {'config': vars(a), 'parameters': params, 'device': str(torch.cuda.get_device_name() if dev.type == 'cuda' else 'cpu'),
           'epochs': []}
    log['graph'] = step_fn is not None
    best, best_state, step, t0 = -1.0, None, 0, time.time()
    ep = 0
    while ep < epochs:
        ep += 1
        te = time.time()
        perm = torch.randperm(n, device=dev, generator=g)
        loss_sum = 0.0
        for i in range(spe):
            idx = perm[i * bs:(i + 1) * bs]
            x = normalize(augment(xt[idx], g)).contiguous(memory_format=torch.channels_last)
            target = F.one_hot(yt[idx], 7).float()
            if beta is not None:
                lam = beta.sample().item()
                j = torch.randperm(len(idx), device=dev, generator=g)
                x = lam * x + (1 - lam) * x[j]
                target = lam * target + (1 - lam) * target[j]
            target = target * (1 - a.label_smoothing) + a.label_smoothing / 7
            lr = lr_at(step, spe, epochs, a.warmup, a.lr)
            if step_fn is not None:
                loss_sum += step_fn(x, target, lr).detach()
            else:
                for group in opt.param_groups:
                    group['lr'] = lr
                loss = soft_cross_entropy(net(x), target)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                loss_sum += loss.detach()
            step += 1
        train_loss = (loss_sum / spe).item()
        acc, f1 = scores(probabilities(net, xv, TTA['none']), yv)
        secs = time.time() - te
        log['epochs'].append({'epoch': ep, 'lr': lr_at(step - 1, spe, epochs, a.warmup, a.lr), 'train_loss': train_loss,
                              'val_accuracy': acc, 'val_macro_f1': f1, 'seconds': secs})
        if acc > best:
            best, best_epoch = acc, ep
            best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
        if ep == a.warmup and a.budget_s > 0:
            # the last warm-up epoch's time: the first epochs also pay for start-up (cuDNN's search, lazy init)
            per_epoch = secs
            fit = int((a.budget_s - (time.time() - t0)) / (per_epoch * 1.1)) + ep
            if fit < epochs:
                print(f'{tag}: {per_epoch:.1f} s/epoch, {epochs} epochs do not fit {a.budget_s:.0f} s: cut to {fit}', flush=True)
                epochs = fit
        log['planned_epochs'] = epochs
        print(f'{tag} epoch {ep}/{epochs} loss {train_loss:.4f} val {acc:.4f} f1 {f1:.4f} {secs:.1f} s', flush=True)
        with open(a.out, 'w') as fh:
            json.dump(log, fh, indent=1)
    final = {}
    for name in TTA:
        final['last_' + name] = scores(probabilities(net, xv, TTA[name]), yv)
    net.load_state_dict(best_state)
    for name in TTA:
        final['best_' + name] = scores(probabilities(net, xv, TTA[name]), yv)
    log['final'] = {'best_epoch': best_epoch, **{k: {'accuracy': v[0], 'macro_f1': v[1]} for k, v in final.items()}}
    log['wall_seconds'] = time.time() - t0
    with open(a.out, 'w') as fh:
        json.dump(log, fh, indent=1)
    print(tag, json.dumps(log['final']), flush=True)


if __name__ == '__main__':
    main()

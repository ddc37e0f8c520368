"""Time to accuracy of a fastai-style recipe in plain PyTorch on Fashion-MNIST.

usage: peer_recipe.py ARCH EPOCHS BATCH MAX_LR [THREADS] [LABEL_SMOOTHING]
One-cycle SGD with Nesterov momentum (weight decay 5e-4), label smoothing, random horizontal flips,
inputs normalised with the training set's mean and std. After each epoch it prints
'epoch N test_top1 X test_top5 Y wall_s S' (S counts from the first training step).
"""
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from ch14_resnet import build  # noqa: E402
from fashion_mnist import split  # noqa: E402

arch, epochs, batch, max_lr = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
torch.set_num_threads(int(sys.argv[5]) if len(sys.argv) > 5 else 2)
smoothing = float(sys.argv[6]) if len(sys.argv) > 6 else 0.1
torch.manual_seed(0)
np.random.seed(0)
train_x, train_y = split(train=True)
test_x, test_y = split(train=False)
mean, std = train_x.mean() / 255, train_x.std() / 255


def normalise(x):
    return (torch.from_numpy(x.astype(np.float32)) / 255 - mean) / std


net = build(arch, 10, 1)
optimizer = torch.optim.SGD(net.parameters(), lr=max_lr, momentum=0.9, weight_decay=5e-4, nesterov=True)
steps_per_epoch = len(train_y) // batch
schedule = torch.optim.lr_scheduler.OneCycleLR(
    optimizer, max_lr=max_lr, total_steps=epochs * steps_per_epoch, pct_start=0.25)
start = time.perf_counter()
for epoch in range(epochs):
    net.train()
    order = np.random.permutation(len(train_y))
    for i in range(steps_per_epoch):
        idx = order[i * batch:(i + 1) * batch]
        x = normalise(train_x[idx])
        y = torch.from_numpy(train_y[idx].astype(np.int64))
        flip = torch.rand(len(idx)) < 0.5
        x[flip] = x[flip].flip(-1)
        optimizer.zero_grad()
        F.cross_entropy(net(x), y, label_smoothing=smoothing).backward()
        optimizer.step()
        schedule.step()
    net.eval()
    top1 = top5 = 0
    with torch.no_grad():
        for i in range(0, len(test_y), 500):
            logits = net(normalise(test_x[i:i + 500]))
            y = torch.from_numpy(test_y[i:i + 500].astype(np.int64))
            top1 += (logits.argmax(1) == y).sum().item()
            top5 += (logits.topk(5, 1).indices == y[:, None]).any(1).sum().item()
    print("epoch %d test_top1 %.4f test_top5 %.4f wall_s %.0f"
          % (epoch + 1, top1 / len(test_y), top5 / len(test_y), time.perf_counter() - start), flush=True)

"""Training throughput of a plain PyTorch eager loop (SGD with momentum) on Fashion-MNIST.

usage: peer_train.py ARCH BATCH STEPS [THREADS] [SIZE]   -> prints 'peer_img_per_s N'
The first three steps warm up and are not timed.
"""
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from ch14_resnet import build  # noqa: E402
from fashion_mnist import split  # noqa: E402

arch, batch, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 2)
size = int(sys.argv[5]) if len(sys.argv) > 5 else 28
images, labels = split(train=True)
net = build(arch, 10, 1).train()
optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
warm_up = 3
start = None
for step in range(steps + warm_up):
    if step == warm_up:
        start = time.perf_counter()
    offset = (step * batch) % (len(labels) - batch)
    x = torch.from_numpy(images[offset:offset + batch].astype(np.float32) / 255.0)
    if size != 28:
        x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    y = torch.from_numpy(labels[offset:offset + batch].astype(np.int64))
    optimizer.zero_grad()
    F.cross_entropy(net(x), y).backward()
    optimizer.step()
print("peer_img_per_s %.1f" % (steps * batch / (time.perf_counter() - start)))

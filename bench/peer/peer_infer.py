"""In-process batched forward pass (no grad) of the chapter-14 ResNet in PyTorch eager.

usage: peer_infer.py ARCH CLASSES C_IN SIZE BATCH ITERS [THREADS]   -> prints 'peer_infer_img_per_s N'
"""
import sys
import time

import torch

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from ch14_resnet import build  # noqa: E402

arch, classes, channels, size, batch, iters = (
    sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
torch.set_num_threads(int(sys.argv[7]) if len(sys.argv) > 7 else 2)
net = build(arch, classes, channels).eval()
x = torch.randn(batch, channels, size, size)
with torch.no_grad():
    for _ in range(3):
        net(x)
    start = time.perf_counter()
    for _ in range(iters):
        net(x)
print("peer_infer_img_per_s %.1f" % (iters * batch / (time.perf_counter() - start)))

"""The ResNet of fastbook chapter 14 in plain PyTorch: the reference Residual's benchmarks compare against.

Same network as Residual's model zoo:
- ConvLayer: Conv2d without bias (padding ks // 2), BatchNorm2d, then ReLU unless it ends a block.
- ResBlock: ReLU(convs(x) + idconv(pool(x))); pool is AvgPool2d(2, ceil_mode=True) when the block strides,
  idconv a 1x1 ConvLayer without activation when the width changes. The last BatchNorm of `convs` starts at
  gamma 0, so a block starts as the identity. Bottleneck blocks: 1x1 -> 3x3 -> 1x1 at a quarter of the width.
- Stem: ConvLayers c_in -> 32 (stride 2) -> 32 -> 64, then MaxPool2d(3, 2, 1).
- Stages of widths 64, 128, 256, 512 (x4 for bottlenecks); stride 1 in the first stage, 2 in the others.
- Head: AdaptiveAvgPool2d(1), Flatten, Linear; or Flatten, Linear for the 'flatten' head.
- residual=False: the same network without shortcuts, BatchNorms at gamma 1 (a plain net).

python3 ch14_resnet.py                          prints the parameter counts of the five named networks
python3 ch14_resnet.py SPEC_JSON C_IN N_OUT [H W]  prints the parameter count of a spec
"""
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

NAMED = {
    "resnet18": {"blocks": [2, 2, 2, 2]},
    "resnet34": {"blocks": [3, 4, 6, 3]},
    "resnet50": {"blocks": [3, 4, 6, 3], "block": "bottleneck"},
    "resnet101": {"blocks": [3, 4, 23, 3], "block": "bottleneck"},
    "resnet152": {"blocks": [3, 8, 36, 3], "block": "bottleneck"},
}


def conv_layer(ni, nf, ks=3, stride=1, act=True, gamma=1.0):
    norm = nn.BatchNorm2d(nf)
    nn.init.constant_(norm.weight, gamma)
    layers = [nn.Conv2d(ni, nf, ks, stride=stride, padding=ks // 2, bias=False), norm]
    if act:
        layers.append(nn.ReLU(inplace=True))
    return nn.Sequential(*layers)


class ResBlock(nn.Module):
    def __init__(self, ni, nf, stride, bottleneck, residual):
        super().__init__()
        last_gamma = 0.0 if residual else 1.0
        if bottleneck:
            mid = nf // 4
            self.convs = nn.Sequential(
                conv_layer(ni, mid, ks=1),
                conv_layer(mid, mid, stride=stride),
                conv_layer(mid, nf, ks=1, act=False, gamma=last_gamma),
            )
        else:
            self.convs = nn.Sequential(
                conv_layer(ni, nf, stride=stride),
                conv_layer(nf, nf, act=False, gamma=last_gamma),
            )
        self.residual = residual
        if residual:
            self.idconv = nn.Identity() if ni == nf else conv_layer(ni, nf, ks=1, act=False)
            self.pool = nn.Identity() if stride == 1 else nn.AvgPool2d(2, ceil_mode=True)

    def forward(self, x):
        if not self.residual:
            return F.relu(self.convs(x))
        return F.relu(self.convs(x) + self.idconv(self.pool(x)))


def from_spec(spec, c_in, n_out, input_hw=None):
    stem = list(spec.get("stem", [32, 32, 64]))
    widths = list(spec.get("widths", [64, 128, 256, 512]))
    bottleneck = spec.get("block", "basic") == "bottleneck"
    residual = spec.get("residual", True)
    expansion = 4 if bottleneck else 1
    channels = [c_in] + stem
    body = [conv_layer(channels[i], channels[i + 1], stride=2 if i == 0 else 1) for i in range(len(stem))]
    body.append(nn.MaxPool2d(3, stride=2, padding=1))
    sizes = [stem[-1]] + [w * expansion for w in widths]
    for stage, count in enumerate(spec["blocks"]):
        for j in range(count):
            stride = (1 if stage == 0 else 2) if j == 0 else 1
            ni = sizes[stage] if j == 0 else sizes[stage + 1]
            body.append(ResBlock(ni, sizes[stage + 1], stride, bottleneck, residual))
    if spec.get("head", "avgpool") == "flatten":
        if input_hw is None:
            raise ValueError("a flatten head needs the input size (H W)")
        trunk = nn.Sequential(*body).eval()
        with torch.no_grad():
            features = trunk(torch.zeros(1, c_in, *input_hw)).numel()
        return nn.Sequential(*body, nn.Flatten(), nn.Linear(features, n_out))
    return nn.Sequential(*body, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(sizes[-1], n_out))


def build(name, n_out, c_in):
    return from_spec(NAMED[name], c_in, n_out)


def parameter_count(module):
    return sum(p.numel() for p in module.parameters())


if __name__ == "__main__":
    if len(sys.argv) > 1:
        hw = (int(sys.argv[4]), int(sys.argv[5])) if len(sys.argv) > 5 else None
        print(parameter_count(from_spec(json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), hw)))
    else:
        for name in NAMED:
            print(name, "c_in=3 n_out=1000:", parameter_count(build(name, 1000, 3)),
                  " c_in=1 n_out=10:", parameter_count(build(name, 10, 1)))

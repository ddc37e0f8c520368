"""Exports the PyTorch reference network to ONNX with torch.onnx, to hold Residual's exporter against.

usage: export_onnx.py ARCH CLASSES C_IN SIZE OUT.onnx [OPSET]
Input 'input', output 'logits', a dynamic batch dimension. BatchNorm statistics are randomised so that
folding them into the convolutions is exercised.
"""
import sys

import torch

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from ch14_resnet import build  # noqa: E402

arch, classes, channels, size, out = (
    sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
opset = int(sys.argv[6]) if len(sys.argv) > 6 else 13
torch.manual_seed(0)
net = build(arch, classes, channels).eval()
for module in net.modules():
    if isinstance(module, torch.nn.BatchNorm2d):
        module.running_mean.uniform_(-0.1, 0.1)
        module.running_var.uniform_(0.5, 1.5)
        module.weight.data.uniform_(0.5, 1.5)
torch.onnx.export(net, torch.randn(1, channels, size, size), out, input_names=["input"],
                  output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                  opset_version=opset)
print("exported %s (%d classes, %d channels, %d px) to %s, opset %d" % (arch, classes, channels, size, out, opset))

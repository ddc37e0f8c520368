"""Fashion-MNIST as Debian's dataset-fashion-mnist package installs it (gzip-compressed IDX files)."""
import gzip
import os

import numpy as np

DIRECTORY = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")


def _read(name, header):
    with gzip.open(os.path.join(DIRECTORY, name)) as f:
        return np.frombuffer(f.read(), np.uint8, offset=header)


def split(train):
    prefix = "train" if train else "t10k"
    images = _read(prefix + "-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28)
    labels = _read(prefix + "-labels-idx1-ubyte.gz", 8)
    return images, labels

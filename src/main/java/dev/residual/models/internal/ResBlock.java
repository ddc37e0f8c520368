package dev.residual.models.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The chapter's ResBlock: {@code ReLU(convs(x) + idconv(pool(x)))}, or {@code ReLU(convs(x))}
 * without a shortcut. A noop pool or idconv is simply absent, so the parameter paths name only what
 * holds weights: {@code 01convs}, {@code 02pool}, {@code 03idconv}.
 */
public final class ResBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final ResBlockSpec spec;
  private final Block convs;
  private final Block pool;
  private final Block idconv;

  public ResBlock(int ni, int nf, int stride, boolean bottleneck, boolean residual) {
    this(new ResBlockSpec(ni, nf, stride, bottleneck, residual));
  }

  public ResBlock(ResBlockSpec spec) {
    super(VERSION);
    this.spec = spec;
    SequentialBlock path = new SequentialBlock();
    spec.convs().forEach(conv -> path.add(new ConvLayer(conv)));
    convs = addChildBlock("convs", path);
    pool = spec.pooled() ? addChildBlock("pool", shortcutPool()) : null;
    idconv = spec.idconv().map(conv -> addChildBlock("idconv", new ConvLayer(conv))).orElse(null);
  }

  public ResBlockSpec spec() {
    return spec;
  }

  /** The main path: a sequence of ConvLayers. */
  Block convs() {
    return convs;
  }

  /** The shortcut's ConvLayer, or null for a noop idconv. */
  Block idconv() {
    return idconv;
  }

  /**
   * PyTorch's {@code AvgPool2d(2, ceil_mode=True)} with its default count_include_pad: at an odd
   * edge the partial window averages only the pixels it covers.
   */
  public static Block shortcutPool() {
    return Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), true, true);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray out = convs.forward(parameterStore, inputs, training, params).singletonOrThrow();
    if (!spec.residual()) {
      return new NDList(Activation.relu(out));
    }
    NDList shortcut = inputs;
    if (pool != null) {
      shortcut = pool.forward(parameterStore, shortcut, training, params);
    }
    if (idconv != null) {
      shortcut = idconv.forward(parameterStore, shortcut, training, params);
    }
    return new NDList(Activation.relu(out.add(shortcut.singletonOrThrow())));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return convs.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    convs.initialize(manager, dataType, inputShapes);
    Shape[] shortcut = inputShapes;
    if (pool != null) {
      pool.initialize(manager, dataType, shortcut);
      shortcut = pool.getOutputShapes(shortcut);
    }
    if (idconv != null) {
      idconv.initialize(manager, dataType, shortcut);
    }
  }
}

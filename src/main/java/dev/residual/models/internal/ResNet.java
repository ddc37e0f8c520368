package dev.residual.models.internal;

import ai.djl.nn.SequentialBlock;

/** A whole chapter-14 ResNet: stem, stages and head, read from a {@link ResNetLayout}. */
public final class ResNet extends SequentialBlock {

  private final ResNetLayout layout;

  public ResNet(ResNetLayout layout) {
    this.layout = layout;
    add(new Stem(layout.stem()));
    layout.stages().forEach(stage -> add(new Stage(stage)));
    add(new Head(layout.head(), layout.headInFeatures(), layout.numClasses()));
  }

  public ResNetLayout layout() {
    return layout;
  }
}

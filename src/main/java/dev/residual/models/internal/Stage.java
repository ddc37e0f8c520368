package dev.residual.models.internal;

import ai.djl.nn.SequentialBlock;
import java.util.List;

/** One stage: ResBlocks of one width, the first of which may halve the resolution. */
public final class Stage extends SequentialBlock {

  public Stage(List<ResBlockSpec> blocks) {
    blocks.forEach(block -> add(new ResBlock(block)));
  }
}

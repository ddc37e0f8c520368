package dev.residual.checkpoints;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.residual.models.ResNets;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Rebuilds a checkpoint's network from its metadata and loads its {@code model.params}. */
@Component
public class CheckpointNetworks {

  private final CheckpointStore store;

  public CheckpointNetworks(CheckpointStore store) {
    this.store = store;
  }

  /**
   * The network of checkpoint {@code id}, described by {@code metadata}, with its parameters in
   * {@code manager}, which owns them.
   *
   * @throws IOException if the archive cannot be read
   * @throws MalformedModelException if the parameters do not fit the architecture
   */
  public Block load(UUID id, CheckpointMetadata metadata, NDManager manager)
      throws IOException, MalformedModelException {
    List<Integer> shape = metadata.inputShape();
    Block block =
        ResNets.build(
            metadata.architecture(),
            shape.get(0),
            metadata.classes().size(),
            shape.get(1),
            shape.get(2));
    block.initialize(
        manager, DataType.FLOAT32, new Shape(1, shape.get(0), shape.get(1), shape.get(2)));
    try (InputStream in = store.openPayload(id, CheckpointStore.MODEL_PARAMS)) {
      block.loadParameters(manager, new DataInputStream(new BufferedInputStream(in)));
    }
    return block;
  }
}

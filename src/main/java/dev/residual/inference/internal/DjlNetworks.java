package dev.residual.inference.internal;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.checkpoints.CheckpointNetworks;
import java.util.UUID;

/** Serves checkpoints on DJL's PyTorch engine: the training network, run eagerly. */
final class DjlNetworks implements NetworkLoader {

  private final CheckpointNetworks networks;

  DjlNetworks(CheckpointNetworks networks) {
    this.networks = networks;
  }

  @Override
  public LoadedNetwork load(UUID id, CheckpointMetadata metadata, ModelInput input)
      throws Exception {
    NDManager manager = NDManager.newBaseManager();
    try {
      Block block = networks.load(id, metadata, manager);
      return new LoadedNetwork() {
        @Override
        public BatchWorkers.Handler<float[], float[]> newHandler(int maxBatchSize) {
          return new BlockForward(manager, block, input.chw(), maxBatchSize);
        }

        @Override
        public void close() {
          manager.close();
        }
      };
    } catch (Exception | Error e) {
      manager.close();
      throw e;
    }
  }
}

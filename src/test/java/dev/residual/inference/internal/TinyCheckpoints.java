package dev.residual.inference.internal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.models.ArchitectureSpec;
import dev.residual.models.BlockType;
import dev.residual.models.HeadType;
import dev.residual.models.ResNets;
import dev.residual.system.EngineInfo;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import tools.jackson.databind.node.JsonNodeFactory;

/** Checkpoint metadata and randomly initialised parameters for networks that tests serve. */
public final class TinyCheckpoints {

  /** Stem 8-16, stages of 16 and 32 channels, one basic block each. */
  public static final ArchitectureSpec TINY =
      new ArchitectureSpec(
          List.of(8, 16), List.of(16, 32), List.of(1, 1), BlockType.BASIC, HeadType.AVGPOOL, true);

  private TinyCheckpoints() {}

  /** Metadata of a checkpoint for {@code channels × size × size} images and {@code classes}. */
  public static CheckpointMetadata metadata(
      ArchitectureSpec spec, int channels, int size, List<String> classes) {
    List<Float> mean = new ArrayList<>(Collections.nCopies(channels, 0.3f));
    List<Float> std = new ArrayList<>(Collections.nCopies(channels, 0.35f));
    return CheckpointMetadata.of(
        spec,
        classes,
        List.of(channels, size, size),
        new CheckpointMetadata.Normalization(mean, std),
        JsonNodeFactory.instance.objectNode().put("dataset", "test"),
        1,
        Map.of("top1", 0.5),
        new EngineInfo("PyTorch", "2.7.1", "cpu()", 0),
        null);
  }

  /** {@code n} class names: {@code class-0}, {@code class-1}, ... */
  public static List<String> classes(int n) {
    return IntStream.range(0, n).mapToObj(i -> "class-" + i).toList();
  }

  /** A network built from {@code metadata}, initialised from {@code seed}, in {@code manager}. */
  public static Block block(CheckpointMetadata metadata, NDManager manager, int seed) {
    List<Integer> shape = metadata.inputShape();
    Block block =
        ResNets.build(
            metadata.architecture(),
            shape.get(0),
            metadata.classes().size(),
            shape.get(1),
            shape.get(2));
    Engine.getInstance().setRandomSeed(seed);
    block.initialize(
        manager, DataType.FLOAT32, new Shape(1, shape.get(0), shape.get(1), shape.get(2)));
    return block;
  }

  /** The bytes {@code block.saveParameters} writes, as a checkpoint's {@code model.params}. */
  public static byte[] parameters(Block block) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      block.saveParameters(new DataOutputStream(bytes));
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

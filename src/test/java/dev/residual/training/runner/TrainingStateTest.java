package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingStateTest {

  private static byte[] bytes(TrainingState state) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    state.write(out);
    return out.toByteArray();
  }

  private static TrainingState snapshot(NDManager manager, Block block) {
    block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
    try (ParameterOptimizer sgd =
        new SgdMomentum(new ArrayList<>(block.getParameters().values()), manager, false)) {
      return TrainingState.capture(3, 120, 7, OptimizerKind.SGD, block, sgd);
    }
  }

  @Test
  void roundTripsFieldsAndParameters() throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      Block original = TinyNets.resnet(10);
      TrainingState state = snapshot(manager, original);
      TrainingState read = TrainingState.read(new ByteArrayInputStream(bytes(state)));
      assertThat(read.epoch()).isEqualTo(3);
      assertThat(read.step()).isEqualTo(120);
      assertThat(read.seed()).isEqualTo(7);
      assertThat(read.optimizer()).isEqualTo(OptimizerKind.SGD);

      Block fresh = TinyNets.resnet(10);
      fresh.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
      read.restoreInto(fresh, manager);
      List<float[]> expected = TinyNets.values(original);
      List<float[]> actual = TinyNets.values(fresh);
      for (int i = 0; i < expected.size(); i++) {
        assertThat(actual.get(i)).containsExactly(expected.get(i));
      }
      assertThat(
              fresh.getParameters().values().stream()
                  .filter(p -> p.requiresGradient())
                  .allMatch(p -> p.getArray().hasGradient()))
          .isTrue();
    }
  }

  @Test
  void refusesBadMagicAndVersion() {
    byte[] junk = "PK\u0003\u0004 not a state".getBytes();
    assertThatThrownBy(() -> TrainingState.read(new ByteArrayInputStream(junk)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("magic");
    byte[] future = {0x52, 0x53, 0x54, 0x53, 0, 0, 0, 9};
    assertThatThrownBy(() -> TrainingState.read(new ByteArrayInputStream(future)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version");
  }

  @Test
  void refusesTruncatedStreamsAndAbsurdLengthsWithoutAllocatingThem() throws IOException {
    byte[] whole;
    try (NDManager manager = NDManager.newBaseManager()) {
      whole = bytes(snapshot(manager, TinyNets.resnet(10)));
    }
    byte[] cut = Arrays.copyOf(whole, whole.length / 2);
    assertThatThrownBy(() -> TrainingState.read(new ByteArrayInputStream(cut)))
        .isInstanceOf(EOFException.class);

    ByteArrayOutputStream absurd = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(absurd);
    out.writeInt(0x52535453);
    out.writeInt(1);
    out.writeInt(1);
    out.writeLong(10);
    out.writeLong(0);
    out.writeUTF("SGD");
    out.writeInt(Integer.MAX_VALUE - 8);
    out.write(new byte[100]);
    assertThatThrownBy(() -> TrainingState.read(new ByteArrayInputStream(absurd.toByteArray())))
        .isInstanceOf(EOFException.class);
  }

  @Test
  void refusesUnknownOptimizersAndNegativeCounters() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x52535453);
    out.writeInt(1);
    out.writeInt(-1);
    out.writeLong(10);
    out.writeLong(0);
    out.writeUTF("SGD");
    assertThatThrownBy(() -> TrainingState.read(new ByteArrayInputStream(bytes.toByteArray())))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("negative");
    bytes.reset();
    out.writeInt(0x52535453);
    out.writeInt(1);
    out.writeInt(1);
    out.writeLong(10);
    out.writeLong(0);
    out.writeUTF("LAMB");
    assertThatThrownBy(() -> TrainingState.read(new ByteArrayInputStream(bytes.toByteArray())))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("LAMB");
  }
}

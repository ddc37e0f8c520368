package dev.residual.training.runner;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to continue a run exactly after an epoch: model parameters (BatchNorm running
 * statistics included), optimizer state, epochs and steps done, and the shuffling seed.
 *
 * <p>A snapshot of bytes, independent of the live block once taken. Stream format (big-endian):
 * magic {@code RSTS}, version, epoch, step, seed, optimizer name, then the parameter bytes of
 * {@link Block#saveParameters} and the optimizer's {@link NDList#encode()} bytes, each preceded by
 * its length.
 */
public final class TrainingState {

  private static final int MAGIC = 0x52535453;
  private static final int VERSION = 1;

  private final int epoch;
  private final long step;
  private final long seed;
  private final OptimizerKind optimizer;
  private final byte[] parameters;
  private final byte[] optimizerState;

  private TrainingState(
      int epoch,
      long step,
      long seed,
      OptimizerKind optimizer,
      byte[] parameters,
      byte[] optimizerState) {
    if (epoch < 0 || step < 0) {
      throw new IllegalArgumentException("epoch and step must not be negative");
    }
    this.epoch = epoch;
    this.step = step;
    this.seed = seed;
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.parameters = parameters;
    this.optimizerState = optimizerState;
  }

  /** Takes a snapshot of {@code block} and {@code state} after {@code epoch} epochs. */
  static TrainingState capture(
      int epoch,
      long step,
      long seed,
      OptimizerKind optimizer,
      Block block,
      ParameterOptimizer state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise parameters", e);
    }
    return new TrainingState(
        epoch, step, seed, optimizer, bytes.toByteArray(), state.state().encode());
  }

  /** Epochs finished when the snapshot was taken. */
  public int epoch() {
    return epoch;
  }

  /** Optimizer steps taken when the snapshot was taken. */
  public long step() {
    return step;
  }

  /** The seed that orders every epoch's batches. */
  public long seed() {
    return seed;
  }

  /** The optimizer whose state this holds. */
  public OptimizerKind optimizer() {
    return optimizer;
  }

  /** Writes the snapshot; the stream is left open. */
  public void write(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeInt(epoch);
    data.writeLong(step);
    data.writeLong(seed);
    data.writeUTF(optimizer.name());
    data.writeInt(parameters.length);
    data.write(parameters);
    data.writeInt(optimizerState.length);
    data.write(optimizerState);
    data.flush();
  }

  /**
   * Reads a snapshot written by {@link #write}, refusing bad magic, versions, names and lengths; a
   * declared length allocates only as bytes actually arrive.
   */
  public static TrainingState read(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    if (data.readInt() != MAGIC) {
      throw new IOException("not a training state: bad magic number");
    }
    int version = data.readInt();
    if (version != VERSION) {
      throw new IOException("unsupported training state version " + version);
    }
    int epoch = data.readInt();
    long step = data.readLong();
    long seed = data.readLong();
    String name = data.readUTF();
    OptimizerKind optimizer;
    try {
      optimizer = OptimizerKind.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IOException("unknown optimizer in training state: " + name, e);
    }
    if (epoch < 0 || step < 0) {
      throw new IOException("negative epoch or step in training state");
    }
    byte[] parameters = readBlock(data, "parameters");
    byte[] optimizerState = readBlock(data, "optimizer state");
    return new TrainingState(epoch, step, seed, optimizer, parameters, optimizerState);
  }

  /** Reads a snapshot and loads its parameters into {@code block}, see {@link #restoreInto}. */
  public static TrainingState read(InputStream in, Block block, NDManager manager)
      throws IOException {
    TrainingState state = read(in);
    state.restoreInto(block, manager);
    return state;
  }

  private static byte[] readBlock(DataInputStream data, String what) throws IOException {
    int length = data.readInt();
    if (length < 0) {
      throw new IOException("negative length of " + what + " in training state");
    }
    byte[] bytes = data.readNBytes(length);
    if (bytes.length != length) {
      throw new EOFException("training state truncated in its " + what);
    }
    return bytes;
  }

  /**
   * Loads the saved parameters into {@code block}, as new arrays in {@code manager}; arrays the
   * block held before are closed. Trainable parameters get gradients attached again. Works on an
   * initialised block or on a fresh one of the same architecture.
   */
  public void restoreInto(Block block, NDManager manager) throws IOException {
    List<Parameter> all = new ArrayList<>(block.getParameters().values());
    List<NDArray> before = new ArrayList<>();
    for (Parameter parameter : all) {
      before.add(parameter.isInitialized() ? parameter.getArray() : null);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
      block.loadParameters(manager, in);
    } catch (MalformedModelException e) {
      throw new IOException("saved parameters do not fit this block: " + e.getMessage(), e);
    }
    for (int i = 0; i < all.size(); i++) {
      NDArray now = all.get(i).getArray();
      if (before.get(i) != null && before.get(i) != now) {
        before.get(i).close();
      }
      if (all.get(i).requiresGradient()) {
        now.setRequiresGradient(true);
      }
    }
  }

  /** The optimizer state arrays, decoded into {@code manager}. */
  NDList optimizerState(NDManager manager) {
    return NDList.decode(manager, optimizerState);
  }
}

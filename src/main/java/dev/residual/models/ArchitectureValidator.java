package dev.residual.models;

import dev.residual.models.internal.FieldErrors;
import dev.residual.models.internal.ResNetLayout;
import java.util.List;

/**
 * Checks an {@link ArchitectureSpec} and the input it is built for, reporting every problem at once
 * as a {@link dev.residual.system.DomainException} whose field errors use the JSON paths {@code
 * architecture}, {@code architecture.stem}, {@code architecture.widths}, {@code
 * architecture.blocks}, {@code architecture.block}, {@code inputShape} and {@code numClasses}.
 *
 * <p>The caps keep a request from asking for a network the service cannot hold; the smallest input
 * is the one for which every stride-2 layer still receives at least 2 px per side. PyTorch would
 * run a smaller input, but a 1-px map cannot be halved, so the later stages would no longer see the
 * resolutions they were designed for.
 */
public final class ArchitectureValidator {

  public static final int MAX_STEM_WIDTH = 1024;
  public static final int MAX_WIDTH = 4096;
  public static final int MAX_BLOCKS_PER_STAGE = 64;

  /** More stages than fit in a 1024-px input (9), with room; it only bounds list lengths. */
  public static final int MAX_ENTRIES = 16;

  public static final int MAX_CHANNELS = 16;
  public static final int MAX_SIDE = 1024;
  public static final int MAX_CLASSES = 100_000;

  /** About 1 GB of float32 weights, four times resnet152: more would not fit training memory. */
  public static final long MAX_PARAMETERS = 250_000_000L;

  /**
   * Float32 feature maps a training step keeps for its backward pass, for the whole batch: about 32
   * GiB, beyond the memory of the machines the service is sized for.
   */
  public static final long MAX_ACTIVATION_BYTES = 32L << 30;

  /** Multiply-accumulates of one training step (forward and backward, about 3x forward). */
  public static final long MAX_STEP_MULTIPLY_ACCUMULATES = 10_000_000_000_000L;

  /** Conv, BatchNorm and ReLU outputs: three maps of each convolution's size are kept. */
  private static final int MAPS_PER_CONV = 3;

  private static final String INPUT = "inputShape";

  private ArchitectureValidator() {}

  /**
   * Checks a spec for a network with {@code channels x height x width} inputs and {@code
   * numClasses} outputs. Height and width may be null for the avgpool head (it takes any size); the
   * flatten head needs them.
   */
  public static void validate(
      ArchitectureSpec spec, Integer channels, Integer height, Integer width, Integer numClasses) {
    FieldErrors errors = new FieldErrors();
    if (spec == null) {
      errors.add("architecture", "is required");
    } else {
      checkSpec(spec, errors);
    }
    checkRange(errors, INPUT, "channels", channels, 1, MAX_CHANNELS);
    checkRange(errors, "numClasses", "numClasses", numClasses, 1, MAX_CLASSES);
    boolean sizeNeeded = spec != null && spec.head() == HeadType.FLATTEN;
    boolean sizeGiven = height != null || width != null;
    if (sizeGiven || sizeNeeded) {
      boolean heightValid = checkRange(errors, INPUT, "height", height, 1, MAX_SIDE);
      boolean widthValid = checkRange(errors, INPUT, "width", width, 1, MAX_SIDE);
      boolean specValid = spec != null && !errors.hasPrefix("architecture");
      if (heightValid && widthValid && specValid) {
        checkLargeEnough(spec, height, width, errors);
      }
    }
    if (errors.isEmpty()) {
      long parameters =
          ResNetLayout.of(spec, channels, orOne(height), orOne(width), numClasses).parameters();
      if (parameters > MAX_PARAMETERS) {
        errors.add(
            "architecture",
            "has " + parameters + " parameters, more than the limit of " + MAX_PARAMETERS);
      }
    }
    errors.throwIfAny();
  }

  /**
   * Checks that training {@code spec} on {@code size x size} inputs in batches of {@code batchSize}
   * fits the memory and compute limits; {@code spec} must already be valid for that input. A job
   * over these limits would crash or stall on every attempt, so it is refused at submission.
   *
   * @throws dev.residual.system.DomainException 400 on {@code architecture}, naming the estimate
   *     and the limit
   */
  public static void validateTrainingBudget(
      ArchitectureSpec spec, int channels, int size, int numClasses, int batchSize) {
    ResNetLayout layout = ResNetLayout.of(spec, channels, size, size, numClasses);
    long bytes =
        saturatedMultiply(
            saturatedMultiply(layout.activationElements(size, size), (long) batchSize),
            4L * MAPS_PER_CONV);
    FieldErrors errors = new FieldErrors();
    if (bytes > MAX_ACTIVATION_BYTES) {
      errors.add(
          "architecture",
          "training it on %dx%d px in batches of %d keeps about %d MiB of activations, more than the limit of %d MiB; use a smaller batchSize or imageSize, or a narrower network"
              .formatted(size, size, batchSize, bytes >> 20, MAX_ACTIVATION_BYTES >> 20));
    }
    long work =
        saturatedMultiply(
            saturatedMultiply(layout.multiplyAccumulates(size, size), (long) batchSize), 3L);
    if (work > MAX_STEP_MULTIPLY_ACCUMULATES) {
      errors.add(
          "architecture",
          "one training step on %dx%d px in batches of %d takes about %d billion multiply-accumulates, more than the limit of %d billion"
              .formatted(
                  size,
                  size,
                  batchSize,
                  work / 1_000_000_000L,
                  MAX_STEP_MULTIPLY_ACCUMULATES / 1_000_000_000L));
    }
    errors.throwIfAny();
  }

  private static long saturatedMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return high != 0 || low < 0 ? Long.MAX_VALUE : low;
  }

  /**
   * Checks an input for a network already built from {@code spec} for {@code builtChannels x
   * builtHeight x builtWidth}: the channels must match, and for the flatten head the size too.
   */
  public static void validateInput(
      ArchitectureSpec spec,
      int builtChannels,
      int builtHeight,
      int builtWidth,
      Integer channels,
      Integer height,
      Integer width) {
    FieldErrors errors = new FieldErrors();
    if (channels != null && channels != builtChannels) {
      errors.add(INPUT, "the model takes " + builtChannels + " channels, got " + channels);
    }
    checkRange(errors, INPUT, "channels", channels, 1, MAX_CHANNELS);
    checkRange(errors, INPUT, "height", height, 1, MAX_SIDE);
    checkRange(errors, INPUT, "width", width, 1, MAX_SIDE);
    if (errors.isEmpty()
        && spec.head() == HeadType.FLATTEN
        && (height != builtHeight || width != builtWidth)) {
      errors.add(
          INPUT,
          "the flatten head was built for %dx%d inputs, got %dx%d"
              .formatted(builtHeight, builtWidth, height, width));
    }
    if (errors.isEmpty()) {
      checkLargeEnough(spec, height, width, errors);
    }
    errors.throwIfAny();
  }

  private static void checkSpec(ArchitectureSpec spec, FieldErrors errors) {
    checkList(errors, "architecture.stem", spec.stem(), MAX_STEM_WIDTH);
    checkList(errors, "architecture.widths", spec.widths(), MAX_WIDTH);
    if (spec.blocks() == null) {
      errors.add("architecture.blocks", "is required");
      return;
    }
    checkList(errors, "architecture.blocks", spec.blocks(), MAX_BLOCKS_PER_STAGE);
    // A mismatch is only worth reporting between two lists that are otherwise fine.
    boolean listsValid = !errors.has("architecture.blocks") && !errors.has("architecture.widths");
    if (listsValid && spec.blocks().size() != spec.widths().size()) {
      errors.add(
          "architecture.blocks",
          "has " + spec.blocks().size() + " stages but widths has " + spec.widths().size());
    }
    if (!errors.has("architecture.widths") && spec.expansion() > 1) {
      int widest = spec.widths().stream().mapToInt(Integer::intValue).max().orElse(0);
      if (widest * spec.expansion() > MAX_WIDTH) {
        errors.add(
            "architecture.block",
            "%s expands width %d to %d channels, more than %d"
                .formatted(spec.block().json(), widest, widest * spec.expansion(), MAX_WIDTH));
      }
    }
  }

  private static void checkList(FieldErrors errors, String field, List<Integer> values, int max) {
    if (values.isEmpty()) {
      errors.add(field, "must not be empty");
    } else if (values.size() > MAX_ENTRIES) {
      errors.add(field, "has " + values.size() + " entries, at most " + MAX_ENTRIES);
    } else if (values.stream().anyMatch(v -> v == null || v < 1)) {
      errors.add(field, "entries must be positive integers, got " + values);
    } else if (values.stream().anyMatch(v -> v > max)) {
      errors.add(field, "entries must be at most " + max + ", got " + values);
    }
  }

  /** Reports a missing or out-of-range value and tells whether it was fine. */
  private static boolean checkRange(
      FieldErrors errors, String field, String what, Integer value, int min, int max) {
    if (value == null) {
      errors.add(field, what + " is required");
      return false;
    }
    if (value < min || value > max) {
      errors.add(field, what + " must be between " + min + " and " + max + ", got " + value);
      return false;
    }
    return true;
  }

  /** Stride-2 layers: the stem's first ConvLayer, its MaxPool, the first block of later stages. */
  private static void checkLargeEnough(
      ArchitectureSpec spec, int height, int width, FieldErrors errors) {
    int strided = 2 + spec.blocks().size() - 1;
    long minimum = (1L << (strided - 1)) + 1;
    if (height < minimum || width < minimum) {
      errors.add(
          INPUT,
          "%dx%d is too small: %d stride-2 layers need at least %d px per side"
              .formatted(height, width, strided, minimum));
    }
  }

  private static int orOne(Integer side) {
    return side == null ? 1 : side;
  }
}

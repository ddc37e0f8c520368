package dev.residual.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The shape of a chapter-14 ResNet: stem widths, stage widths and blocks per stage, the residual
 * unit, the head, and whether blocks have shortcuts at all.
 *
 * <p>JSON form: {@code {"stem": [32,32,64], "widths": [64,128,256,512], "blocks": [2,2,2,2],
 * "block": "basic", "head": "avgpool", "residual": true}}. Every field but {@code blocks} may be
 * left out (or null, or for a list empty, as generated clients send it) and then takes the default
 * shown. Widths are stage widths before the bottleneck expansion, as in fastai's xresnet. A spec
 * may be invalid (e.g. no blocks): nothing is checked here so that {@link ArchitectureValidator}
 * can report every problem at once.
 */
public record ArchitectureSpec(
    List<Integer> stem,
    List<Integer> widths,
    List<Integer> blocks,
    BlockType block,
    HeadType head,
    boolean residual) {

  public static final List<Integer> DEFAULT_STEM = List.of(32, 32, 64);
  public static final List<Integer> DEFAULT_WIDTHS = List.of(64, 128, 256, 512);

  /** Fills the defaults; lists are copied but may hold nulls, which validation reports. */
  public ArchitectureSpec {
    stem = copy(stem == null || stem.isEmpty() ? DEFAULT_STEM : stem);
    widths = copy(widths == null || widths.isEmpty() ? DEFAULT_WIDTHS : widths);
    blocks = blocks == null ? null : copy(blocks);
    block = block == null ? BlockType.BASIC : block;
    head = head == null ? HeadType.AVGPOOL : head;
  }

  /**
   * The JSON creator: a boxed {@code residual} so that an absent value means {@code true}, as in
   * the chapter, rather than Java's {@code false}.
   */
  @JsonCreator
  public static ArchitectureSpec of(
      @JsonProperty("stem") List<Integer> stem,
      @JsonProperty("widths") List<Integer> widths,
      @JsonProperty("blocks") List<Integer> blocks,
      @JsonProperty("block") BlockType block,
      @JsonProperty("head") HeadType head,
      @JsonProperty("residual") Boolean residual) {
    return new ArchitectureSpec(stem, widths, blocks, block, head, residual == null || residual);
  }

  /** A spec with the default stem, widths and head, and shortcuts. */
  public static ArchitectureSpec of(List<Integer> blocks, BlockType block) {
    return new ArchitectureSpec(null, null, blocks, block, null, true);
  }

  /** How much wider a block's output is than its stage width: 4 for bottleneck, else 1. */
  public int expansion() {
    return block.expansion();
  }

  /**
   * Checks this spec for a network with the given input and classes.
   *
   * @throws dev.residual.system.DomainException naming every offending field
   * @see ArchitectureValidator#validate
   */
  public void validate(Integer channels, Integer height, Integer width, Integer numClasses) {
    ArchitectureValidator.validate(this, channels, height, width, numClasses);
  }

  /**
   * Checks that training this (valid) spec fits the memory and compute limits.
   *
   * @see ArchitectureValidator#validateTrainingBudget
   */
  public void validateTrainingBudget(int channels, int size, int numClasses, int batchSize) {
    ArchitectureValidator.validateTrainingBudget(this, channels, size, numClasses, batchSize);
  }

  private static List<Integer> copy(List<Integer> values) {
    return Collections.unmodifiableList(new ArrayList<>(values));
  }
}

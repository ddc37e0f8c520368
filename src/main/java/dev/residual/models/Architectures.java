package dev.residual.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The named ResNets of fastbook chapter 14 (fastai's xresnet): resnet18 to resnet152.
 *
 * <p>Each name is nothing more than its {@link ArchitectureSpec}: the default stem and widths, with
 * shortcuts and the average-pool head. These are not DJL's {@code ResNetV1}, which has a different
 * stem and shortcut.
 */
public final class Architectures {

  private static final Map<String, ArchitectureSpec> NAMED = createNamed();

  private Architectures() {}

  /** Every named architecture, smallest first. */
  public static Map<String, ArchitectureSpec> named() {
    return NAMED;
  }

  /** The spec for {@code name} (e.g. {@code resnet50}), if there is one. */
  public static Optional<ArchitectureSpec> named(String name) {
    return Optional.ofNullable(name).map(NAMED::get);
  }

  private static Map<String, ArchitectureSpec> createNamed() {
    Map<String, ArchitectureSpec> named = new LinkedHashMap<>();
    named.put("resnet18", ArchitectureSpec.of(List.of(2, 2, 2, 2), BlockType.BASIC));
    named.put("resnet34", ArchitectureSpec.of(List.of(3, 4, 6, 3), BlockType.BASIC));
    named.put("resnet50", ArchitectureSpec.of(List.of(3, 4, 6, 3), BlockType.BOTTLENECK));
    named.put("resnet101", ArchitectureSpec.of(List.of(3, 4, 23, 3), BlockType.BOTTLENECK));
    named.put("resnet152", ArchitectureSpec.of(List.of(3, 8, 36, 3), BlockType.BOTTLENECK));
    // An unmodifiable view keeps the insertion order that Map.copyOf would lose.
    return Collections.unmodifiableMap(named);
  }
}

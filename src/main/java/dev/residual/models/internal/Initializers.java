package dev.residual.models.internal;

import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;

/** PyTorch's initialisations expressed with DJL's initializers. */
public final class Initializers {

  /**
   * {@code torch.nn.init.kaiming_normal_(w, mode='fan_in', nonlinearity='relu')}: N(0, 2 / fan_in),
   * fan_in = in_channels x kernel area. DJL's Xavier with factor IN and magnitude 2 draws exactly
   * that.
   */
  public static final Initializer KAIMING_NORMAL =
      new XavierInitializer(RandomType.GAUSSIAN, FactorType.IN, 2);

  /**
   * {@code nn.Linear}'s default weight init, kaiming_uniform_(a=sqrt(5)), is U(-b, b) with b = 1 /
   * sqrt(fan_in): Xavier uniform with factor IN and magnitude 1.
   */
  public static final Initializer LINEAR_WEIGHT =
      new XavierInitializer(RandomType.UNIFORM, FactorType.IN, 1);

  private Initializers() {}

  /**
   * {@code nn.Linear}'s default bias init, U(-b, b) with b = 1 / sqrt(fan_in). A bias's own shape
   * does not reveal fan_in, so the caller passes it.
   */
  public static Initializer linearBias(long fanIn) {
    return new UniformInitializer((float) (1 / Math.sqrt(fanIn)));
  }
}

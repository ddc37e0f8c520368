package dev.residual.training.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * fastai's MixUp: every image of a batch is blended with another image of the same batch, {@code x
 * = λ·x + (1 − λ)·x[perm]}, and the loss blends the two targets with the same weight, {@code λ ·
 * loss(y) + (1 − λ) · loss(y[perm])}. Each image draws its own {@code λ ~ Beta(α, α)}, folded to
 * {@code max(λ, 1 − λ)} so that the image keeps its own label as the larger part.
 *
 * @param lambdas one weight per image, each in [0.5, 1]
 * @param partners {@code perm}: the index of the image each one is blended with
 */
public record MixUp(float[] lambdas, int[] partners) {

  public MixUp {
    if (lambdas.length != partners.length) {
      throw new IllegalArgumentException("one lambda per partner");
    }
    lambdas = lambdas.clone();
    partners = partners.clone();
  }

  @Override
  public float[] lambdas() {
    return lambdas.clone();
  }

  @Override
  public int[] partners() {
    return partners.clone();
  }

  /** Draws the weights and a random permutation of a batch of {@code n} images. */
  public static MixUp sample(int n, double alpha, SplittableRandom random) {
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("alpha must be positive");
    }
    float[] lambdas = new float[n];
    for (int i = 0; i < n; i++) {
      double lambda = BetaSampler.symmetric(alpha, random);
      lambdas[i] = (float) Math.max(lambda, 1 - lambda);
    }
    int[] partners = new int[n];
    for (int i = 0; i < n; i++) {
      partners[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = partners[i];
      partners[i] = partners[j];
      partners[j] = swap;
    }
    return new MixUp(lambdas, partners);
  }

  /** The blended images, shape of {@code x} ({@code (n, …)}), in {@code x}'s manager. */
  public NDArray mixInputs(NDArray x) {
    NDManager manager = x.getManager();
    Shape shape = x.getShape();
    long[] broadcast = new long[shape.dimension()];
    broadcast[0] = shape.get(0);
    for (int i = 1; i < broadcast.length; i++) {
      broadcast[i] = 1;
    }
    NDArray lambda = manager.create(lambdas, new Shape(broadcast));
    NDArray complement = manager.create(complements(), new Shape(broadcast));
    NDArray other = x.get(partnerIndex(manager));
    return x.mul(lambda).add(other.mul(complement));
  }

  /** The labels each image was blended with: {@code y[perm]}. */
  public NDArray partnerLabels(NDArray labels) {
    return labels.get(partnerIndex(labels.getManager()));
  }

  /**
   * The mixed loss, mean over the batch.
   *
   * @param logits raw scores, (n, classes)
   * @param labels class indices, (n), int64
   * @param smoothing label smoothing applied to both targets
   */
  public NDArray loss(NDArray logits, NDArray labels, double smoothing) {
    NDManager manager = logits.getManager();
    NDArray own = CrossEntropyLoss.perSample(logits, labels, smoothing);
    NDArray partner = CrossEntropyLoss.perSample(logits, partnerLabels(labels), smoothing);
    return own.mul(manager.create(lambdas)).add(partner.mul(manager.create(complements()))).mean();
  }

  private float[] complements() {
    float[] complements = new float[lambdas.length];
    for (int i = 0; i < complements.length; i++) {
      complements[i] = 1f - lambdas[i];
    }
    return complements;
  }

  private NDArray partnerIndex(NDManager manager) {
    long[] index = new long[partners.length];
    for (int i = 0; i < index.length; i++) {
      index[i] = partners[i];
    }
    return manager.create(index);
  }
}

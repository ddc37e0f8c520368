/**
 * The model zoo: the ResNets of fastbook chapter 14 (fastai's xresnet) built from DJL blocks.
 *
 * <p>Other modules use {@link dev.residual.models.ArchitectureSpec} and {@link
 * dev.residual.models.Architectures} to name a network, {@link
 * dev.residual.models.ArchitectureValidator} to check a request, {@link
 * dev.residual.models.ResNets} to build it and {@link dev.residual.models.ModelSummaries} to
 * describe it. The blocks themselves (ConvLayer, ResBlock, Stem, Stage, Head) live in {@code
 * internal}.
 */
package dev.residual.models;

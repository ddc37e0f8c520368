package dev.residual.inference.internal;

/** The engine that runs served models' forward passes; training always runs on DJL's PyTorch. */
public enum InferenceEngine {
  /** The checkpoint exported to ONNX and run by an ONNX Runtime session. */
  ONNXRUNTIME,
  /** The checkpoint's DJL network run eagerly by PyTorch, as in training. */
  PYTORCH
}

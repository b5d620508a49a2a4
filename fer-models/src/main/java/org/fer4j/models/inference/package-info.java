/**
 * Inference on DJL: one {@link org.fer4j.core.ExpressionClassifier} for both engines (PyTorch with fer4j weights,
 * ONNX Runtime with an exported {@code .onnx}), its translator, and the {@link org.fer4j.models.inference.ExpressionClassifiers}
 * entry point.
 */
package org.fer4j.models.inference;

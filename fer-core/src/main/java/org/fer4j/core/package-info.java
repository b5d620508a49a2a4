/**
 * The fer4j vocabulary, shared by every other module: the seven FER2013 {@link org.fer4j.core.Emotion}s,
 * 48x48 grayscale {@link org.fer4j.core.FaceImage}s, boxes and detections, predictions, the
 * {@link org.fer4j.core.FaceDetector}, {@link org.fer4j.core.ExpressionClassifier} and
 * {@link org.fer4j.core.Dataset} interfaces, the {@link org.fer4j.core.EnsembleClassifier} that averages classifiers
 * (through {@link org.fer4j.core.ProbabilityMean}, which test-time views and distillation teachers share), and the {@link org.fer4j.core.pipeline.FramePipeline} that wires them.
 *
 * <p>Nothing here knows DJL or OpenCV; implementations live in {@code fer-models} and {@code fer-vision}.
 */
package org.fer4j.core;

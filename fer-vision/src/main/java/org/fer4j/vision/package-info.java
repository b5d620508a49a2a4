/**
 * The vision side, on OpenCV (openpnp): face detectors (Haar and LBP cascades, YuNet), the 48x48 face crop, frame
 * sources (image, folder, video file, camera), annotation and result sinks, and {@link org.fer4j.vision.Analyzer},
 * which runs the {@link org.fer4j.core.pipeline.FramePipeline} over a source. Classification comes in through the
 * {@link org.fer4j.core.ExpressionClassifier} interface: this module does not know which model or engine is used.
 */
package org.fer4j.vision;

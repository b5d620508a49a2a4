/**
 * JMH benchmarks: the classifier per engine and batch size, the detectors, and the per-frame hot path
 * (detect + crop + classify) with the tutorial's choices against fer4j's defaults, on CPU and, where DJL reports one, GPU.
 * Run {@code java -jar fer-bench/target/benchmarks.jar}; {@code -Dfer.model=<dir>} picks the model (default: bundled).
 */
package org.fer4j.bench;

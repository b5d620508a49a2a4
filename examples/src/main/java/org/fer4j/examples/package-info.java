/**
 * Short programs a user copies, each runnable with {@code examples/run <Program> [args]}: {@link
 * org.fer4j.examples.ClassifyFace}, {@link org.fer4j.examples.AnalyzeVideo}, {@link org.fer4j.examples.WebcamDemo},
 * {@link org.fer4j.examples.TrainTutorialCnn}, {@link org.fer4j.examples.CompareArchitectures} and {@link
 * org.fer4j.examples.ExportToOnnx}.
 */
package org.fer4j.examples;

/**
 * Faces and expressions of image and video archives on Apache Spark: {@link org.fer4j.spark.SparkAnalyzer} plans work
 * units (batches of images, time segments of videos), runs them on the executors with one detector/classifier engine
 * per executor JVM, and commits each unit's Parquet parts atomically so that reruns skip finished units.
 */
package org.fer4j.spark;

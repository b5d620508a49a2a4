/**
 * Outputs of an analysis run, one {@link org.fer4j.vision.output.FrameSink} each: JSON lines, annotated video or images,
 * preview, timeline and report. They stage their files; the analyzer moves them into place when the run succeeded.
 */
package org.fer4j.vision.output;

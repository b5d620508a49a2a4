/**
 * The per-frame pipeline: detection, crop, batched classification, per-face tracking and temporal smoothing.
 * Everything here works through the core interfaces only.
 */
package org.fer4j.core.pipeline;

/**
 * The network architectures: the reference tutorial's four presets, faithful to its layer specs, and fer4j's own
 * compact residual network.
 */
package org.fer4j.models.arch;

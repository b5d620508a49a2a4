/**
 * Data formats and conversions: FER2013 CSV (plain or gzipped) with exact validation, FER+ vote files,
 * image folders, the tutorial's images-plus-mapping layout, and {@link org.fer4j.data.FaceStore}, a compact
 * in-memory {@link org.fer4j.core.Dataset} with the standard and the tutorial's splits.
 */
package org.fer4j.data;

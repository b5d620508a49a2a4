/**
 * ONNX export of fer4j's block vocabulary (DJL has none), building the graph with the ONNX protobuf classes shipped in
 * {@code org.tribuo:tribuo-util-onnx}.
 */
package org.fer4j.models.onnx;

/**
 * Models: the registry of named models ({@link org.fer4j.models.ModelRegistry}), each an architecture plus the
 * one preprocessing definition that training and inference share ({@link org.fer4j.models.Preprocessing}),
 * model cards, saving and loading weights in DJL's format, the DJL expression classifier for the PyTorch and
 * ONNX Runtime engines, and the ONNX exporter.
 */
package org.fer4j.models;

/**
 * Training on DJL: configuration ({@link org.fer4j.train.TrainConfig}), augmentation, a checkpointable optimizer,
 * learning-rate schedules, the epoch loop with exact resume ({@link org.fer4j.train.FerTrainer}), distillation targets,
 * weight averaging of one lineage's models ({@link org.fer4j.train.WeightAveraging}), evaluation reports and XChart plots.
 */
package org.fer4j.train;

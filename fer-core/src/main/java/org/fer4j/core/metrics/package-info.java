/** Classification metrics: the confusion matrix and what is derived from it (accuracy, precision, recall, F1). */
package org.fer4j.core.metrics;

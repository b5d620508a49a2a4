/** The {@code fer} command line (picocli): data, train, evaluate, and later classify, analyze, export and bench. */
package org.fer4j.examples.cli;

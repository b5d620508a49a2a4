/** The {@code fer} command line (picocli): data, train, evaluate, classify, export, average, analyze and compare. */
package org.fer4j.cli;

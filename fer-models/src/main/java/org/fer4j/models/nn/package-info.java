/** Building blocks DJL lacks: RReLU, residual units, and a FLOP counter for block trees. */
package org.fer4j.models.nn;

/** File output shared by the modules that write results: whole files and folders appear only when complete. */
package org.fer4j.core.io;

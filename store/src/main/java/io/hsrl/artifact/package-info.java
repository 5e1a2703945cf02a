/**
 * The JSON records that components hand to each other through the object store (architecture.md §5): index
 * statistics, training progress, checkpoint manifests. Each has a {@code schemaVersion}; readers ignore unknown
 * fields so that a newer writer does not break an older reader.
 */
package io.hsrl.artifact;

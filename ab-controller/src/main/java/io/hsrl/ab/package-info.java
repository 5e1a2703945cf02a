/** The A/B controller: AbExperiment reconciler, traffic router, durable event collector and statistics. */
package io.hsrl.ab;

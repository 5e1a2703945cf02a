/**
 * How the control plane invokes its workloads, defined once: the typed invocation of each program
 * ({@link io.hsrl.contracts.IndexInvocation}, {@link io.hsrl.contracts.TrainInvocation},
 * {@link io.hsrl.contracts.ServingEnvironment}), the enums that custom resources and programs share, and their
 * defaults. The operator builds pods only from these types; the trainer's commands and the server's configuration
 * bind to the names defined here. No DJL, no Kubernetes client (the build enforces it).
 */
package io.hsrl.contracts;

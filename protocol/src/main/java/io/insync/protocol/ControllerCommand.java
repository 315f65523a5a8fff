package io.insync.protocol;

/**
 * A message the controller accepts: requests from replicas ({@link AlterPartition}) and their
 * answers to the controller's requests. The controller adds its own private messages to this
 * type, which is why it is not sealed.
 */
public interface ControllerCommand {}

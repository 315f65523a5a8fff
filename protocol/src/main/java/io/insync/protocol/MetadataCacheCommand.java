package io.insync.protocol;

/**
 * A message a node's metadata cache accepts: {@link UpdateMetadata} from the controller, and the
 * node-local queries of whoever implements the cache, which is why it is not sealed.
 */
public interface MetadataCacheCommand {}

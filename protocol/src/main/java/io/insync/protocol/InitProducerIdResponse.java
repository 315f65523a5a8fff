package io.insync.protocol;

/** The controller's answer to {@link InitProducerId}: the producer's id and epoch, or an error. */
public record InitProducerIdResponse(ErrorCode error, long producerId, short producerEpoch) {}

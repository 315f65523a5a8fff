package io.insync.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/** Asks a node about its replica of a partition (the controller's recovery, tools and tests). */
public record DescribeReplica(TopicPartition topicPartition, ActorRef<ReplicaStatus> replyTo)
    implements ReplicaRequest {}

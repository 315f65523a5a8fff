package io.insync.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/** Delete a topic and the logs of all its replicas. */
public record DeleteTopic(String name, ActorRef<TopicResponse> replyTo) implements AdminRequest {}

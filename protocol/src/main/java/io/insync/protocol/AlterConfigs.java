package io.insync.protocol;

import java.util.List;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Change settings of a topic, as Kafka's {@code IncrementalAlterConfigs}: each operation sets a
 * setting or deletes it (back to the cluster's default). All of them or none are applied; one
 * bad operation refuses the request with {@code INVALID_CONFIG}. With {@code validateOnly}
 * nothing changes and the answer says whether it would.
 */
public record AlterConfigs(String topic, List<Op> ops, boolean validateOnly, ActorRef<TopicResponse> replyTo)
    implements AdminRequest {

  public AlterConfigs {
    Objects.requireNonNull(topic, "topic");
    ops = List.copyOf(ops);
  }

  /** Kafka's {@code AlterConfigOp.OpType}; {@code APPEND} and {@code SUBTRACT} concern list settings, which topics here have none of. */
  public enum OpType { SET, DELETE }

  /** One change: {@code value} is ignored for DELETE. */
  public record Op(String name, OpType type, String value) {
    public static Op set(String name, String value) {
      return new Op(name, OpType.SET, value);
    }

    public static Op delete(String name) {
      return new Op(name, OpType.DELETE, null);
    }
  }

  @Override
  public void replyError(ErrorCode error, String message) {
    replyTo.tell(new TopicResponse(topic, error, message));
  }
}

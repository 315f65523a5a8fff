package io.insync.protocol;

/** A node's identity in the cluster, Kafka's broker id. {@link #NONE} stands for "no node". */
public record NodeId(int id) implements Comparable<NodeId> {

  public static final NodeId NONE = new NodeId(-1);

  public static NodeId of(int id) {
    return new NodeId(id);
  }

  public boolean isNone() {
    return id < 0;
  }

  @Override
  public int compareTo(NodeId o) {
    return Integer.compare(id, o.id);
  }

  @Override
  public String toString() {
    return Integer.toString(id);
  }
}

package io.insync.node.metadata;

import io.insync.group.MetadataView;
import io.insync.protocol.NodeId;
import io.insync.protocol.TopicConfig;
import io.insync.protocol.TopicPartition;
import java.util.Optional;
import java.util.function.Supplier;

/** The group coordinator's view of the cluster: this member's {@link ClusterView}, as it is when asked. */
public final class ViewMetadata implements MetadataView {

  private final Supplier<ClusterView> view;

  public ViewMetadata(Supplier<ClusterView> view) {
    this.view = view;
  }

  @Override
  public int partitions(String topic) {
    return view.get().topic(topic).map(TopicConfig::partitions).orElse(-1);
  }

  @Override
  public boolean isKnown() {
    return view.get().controllerEpoch() >= 0;
  }

  @Override
  public Optional<NodeId> leaderOf(TopicPartition tp) {
    return view.get().leaderOf(tp);
  }
}

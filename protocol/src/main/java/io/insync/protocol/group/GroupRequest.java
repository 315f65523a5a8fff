package io.insync.protocol.group;

/** A request about one group, served by the coordinator of the group's partition of {@link OffsetsTopic}. */
public sealed interface GroupRequest extends GroupCoordinatorRequest
    permits ConsumerGroupHeartbeat, OffsetCommit, OffsetFetch, DescribeGroup, DeleteGroup {

  String groupId();
}

package io.insync.protocol.group;

import io.insync.protocol.ErrorCode;
import java.util.List;

/** A node's answer to {@link ListGroups}: each group it coordinates, with its state. */
public record GroupListings(ErrorCode error, String message, List<Listing> groups) {

  public GroupListings {
    message = message == null ? "" : message;
    groups = List.copyOf(groups);
  }

  public record Listing(String groupId, GroupState state) {}
}

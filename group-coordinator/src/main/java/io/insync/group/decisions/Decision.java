package io.insync.group.decisions;

import io.insync.group.records.GroupRecord;
import java.util.List;

/**
 * What a request decided: the records to write (replayed into the shard's state at once, and
 * answered once they are committed) and the answer. A refused request has no records.
 */
public record Decision<R>(List<GroupRecord> records, R response) {

  public Decision {
    records = List.copyOf(records);
  }

  public static <R> Decision<R> refused(R response) {
    return new Decision<>(List.of(), response);
  }
}

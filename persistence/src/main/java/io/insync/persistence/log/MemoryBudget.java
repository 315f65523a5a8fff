package io.insync.persistence.log;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory that the partitions of one node share ({@code insync.node.*-bytes}), so that the number
 * of partitions a node hosts does not multiply its heap. Each partition that uses it joins; its
 * fair share is the limit divided among those that joined. Partitions are actors on many threads:
 * the counters are atomic, and a partition decides about its own memory only.
 */
public final class MemoryBudget {

  /** No limit: for tests and for logs outside a node. */
  public static MemoryBudget unlimited() {
    return new MemoryBudget("unlimited", Long.MAX_VALUE);
  }

  private final String name;
  private final long limitBytes;
  private final AtomicLong used = new AtomicLong();
  private final AtomicInteger members = new AtomicInteger();

  public MemoryBudget(String name, long limitBytes) {
    if (limitBytes <= 0) {
      throw new IllegalArgumentException(name + " must be positive, not " + limitBytes);
    }
    this.name = name;
    this.limitBytes = limitBytes;
  }

  public String name() {
    return name;
  }

  public long limitBytes() {
    return limitBytes;
  }

  public long usedBytes() {
    return used.get();
  }

  public int members() {
    return members.get();
  }

  public void join() {
    members.incrementAndGet();
  }

  /** A member leaves, giving back what it held. */
  public void leave(long heldBytes) {
    members.decrementAndGet();
    release(heldBytes);
  }

  /** The limit divided among the members now. */
  public long fairShareBytes() {
    return limitBytes / Math.max(1, members.get());
  }

  /** Counts {@code bytes} as used, whether or not that goes over the limit. */
  public void use(long bytes) {
    used.addAndGet(bytes);
  }

  public void release(long bytes) {
    used.addAndGet(-bytes);
  }

  /** Counts as used as much of {@code bytes} as stays within the limit, and returns how much (0 when none is left). */
  public long useUpTo(long bytes) {
    while (true) {
      long now = used.get();
      long granted = Math.max(0, Math.min(bytes, limitBytes - now));
      if (granted == 0 || used.compareAndSet(now, now + granted)) {
        return granted;
      }
    }
  }
}

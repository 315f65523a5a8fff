package io.insync.replica;

import io.insync.protocol.Acks;
import io.insync.protocol.NodeId;
import java.util.List;

/** The single-node fixture, for diagnostics outside this package. */
public final class SingleNodeFixtureAccess implements AutoCloseable {

  private final SingleNodeFixture f = new SingleNodeFixture();

  public void lead(List<NodeId> isr, int minIsr) {
    f.lead(isr, minIsr);
  }

  public void produceOne(Acks acks) {
    f.produceAndWait(acks, 1);
  }

  @Override
  public void close() {
    f.close();
  }
}

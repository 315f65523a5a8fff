package io.insync.node.client;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hand-over from application threads to the producer actor, with the actor played by one thread. */
class SendQueueTest {

  private record Item(int thread, int seq) {}

  @Test
  void everyItemOfManySendersReachesTheConsumerOnceInEachSendersOrder() throws Exception {
    SendQueue<Item> queue = new SendQueue<>();
    ExecutorService actor = Executors.newSingleThreadExecutor();
    List<Item> received = new ArrayList<>(); // touched only by the actor thread
    int senders = 4;
    int perSender = 50_000;
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < senders; t++) {
      int thread = t;
      threads.add(new Thread(() -> {
        for (int i = 0; i < perSender; i++) {
          if (queue.offer(new Item(thread, i))) {
            actor.execute(() -> queue.drain(received::add));
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    actor.shutdown();
    assertTrue(actor.awaitTermination(30, TimeUnit.SECONDS));

    assertEquals(senders * perSender, received.size(), "nothing lost, nothing twice");
    Map<Integer, Integer> next = new HashMap<>();
    for (Item item : received) {
      assertEquals(next.getOrDefault(item.thread(), 0), item.seq(), "each sender's order holds");
      next.put(item.thread(), item.seq() + 1);
    }
  }

  @Test
  void anItemQueuedAfterADrainAsksForAnotherDrain() {
    SendQueue<String> queue = new SendQueue<>();
    List<String> received = new ArrayList<>();
    assertTrue(queue.offer("a"), "an idle queue asks for a drain");
    assertFalse(queue.offer("b"), "one request covers what follows until the drain");
    queue.drain(received::add);
    assertEquals(List.of("a", "b"), received);
    assertTrue(queue.offer("c"));
    queue.drain(received::add);
    assertEquals(List.of("a", "b", "c"), received);
  }
}

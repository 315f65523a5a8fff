package io.insync.controller.decisions;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TopicNameTest {

  @Test
  void kafkasLegalNamesPass() {
    assertTrue(TopicName.validate("orders").isEmpty());
    assertTrue(TopicName.validate("a.b_c-D9").isEmpty());
    assertTrue(TopicName.validate("x".repeat(249)).isEmpty());
  }

  @Test
  void illegalNamesAreRefusedWithAReason() {
    assertTrue(TopicName.validate("").isPresent());
    assertTrue(TopicName.validate(null).isPresent());
    assertTrue(TopicName.validate(".").isPresent());
    assertTrue(TopicName.validate("..").isPresent());
    assertTrue(TopicName.validate("x".repeat(250)).orElseThrow().contains("249"));
    assertTrue(TopicName.validate("no spaces").isPresent());
    assertTrue(TopicName.validate("ümlaut").isPresent());
    assertTrue(TopicName.validate("a/b").isPresent());
  }
}

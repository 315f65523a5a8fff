package io.insync.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.journal.JavaJournalSpec;
import org.junit.runner.RunWith;
import org.scalatestplus.junit.JUnitRunner;

/** Pekko's persistence TCK against the segment journal, on real files in a temporary directory. */
@RunWith(JUnitRunner.class)
public class SegmentJournalTckSpec extends JavaJournalSpec {

  public SegmentJournalTckSpec() {
    super(journalConfig());
  }

  static Config journalConfig() {
    try {
      String dir = Files.createTempDirectory("insync-tck").toString();
      return ConfigFactory.load(ConfigFactory.parseString("""
          pekko.persistence.journal.plugin = "insync.journal"
          pekko.persistence.snapshot-store.plugin = "insync.snapshot-store"
          pekko.actor.allow-java-serialization = off
          insync.data-dir = "%s"
          insync.journal.segment-bytes = 4 KiB
          """.formatted(dir)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public CapabilityFlag supportsRejectingNonSerializableObjects() {
    return CapabilityFlag.on();
  }

  @Override
  public CapabilityFlag supportsSerialization() {
    return CapabilityFlag.on();
  }
}

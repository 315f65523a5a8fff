package io.insync.node;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What we ship is what we test: every setting Insync's modules put in their reference.conf files
 * (and in the Pekko overrides InsyncConfig applies) is in force in the shaded jar a user runs.
 * A shaded jar merges every reference.conf into one file, where a library's defaults that come
 * after ours silently win; this asks the built jar ({@code insync-node.jar config}) what it runs
 * with and compares it, setting by setting, with what the tests run with (the modules' own jars
 * on a class path, where ours come first): every {@code insync} setting, and every Pekko setting
 * an Insync config file sets. Runs after {@code package} (failsafe).
 */
class ShippedSettingsIT {

  private final Path root = Path.of(System.getProperty("insync.root", "..")).toAbsolutePath().normalize();

  /** The effective configuration of a node started from the jar with no config file. */
  private Config jarConfig() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        root.resolve("node/target/insync-node.jar").toString(), "config")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), out);
    return ConfigFactory.parseString(out);
  }

  /** Insync's own config files on this test's class path: the modules' reference.conf and the override files. */
  private static List<URL> insyncConfigFiles() throws Exception {
    List<URL> files = new ArrayList<>();
    for (URL url : Collections.list(ShippedSettingsIT.class.getClassLoader().getResources("reference.conf"))) {
      String u = url.toString();
      if (u.matches(".*/(protocol|persistence|replica-actors|controller-actor|group-coordinator|node)/target/classes/reference\\.conf")
          || u.matches(".*/insync-(protocol|persistence|replica-actors|controller-actor|group-coordinator|node)-[^/]*\\.jar!/reference\\.conf")) {
        files.add(url);
      }
    }
    files.add(ShippedSettingsIT.class.getResource("/insync-cluster.conf"));
    files.add(ShippedSettingsIT.class.getResource("/insync-node.conf"));
    files.add(ShippedSettingsIT.class.getResource("/insync-node-small.conf"));
    return files;
  }

  @Test
  void everySettingInsyncShipsIsInForceInTheShadedJar() throws Exception {
    Config jar = jarConfig();
    // What the tests run with: the same completion of the same config, from the modules' own jars.
    Config tested = InsyncConfig.forStandaloneProcess(ConfigFactory.load()).withoutPath("insync.root");
    List<String> paths = new ArrayList<>();
    tested.getConfig("insync").entrySet().forEach(e -> paths.add("insync." + e.getKey()));
    List<URL> files = insyncConfigFiles();
    assertEquals(9, files.size(), "six modules' reference.conf and the three override files: " + files);
    for (URL file : files) {
      Config ours = ConfigFactory.parseURL(file);
      if (ours.hasPath("pekko")) {
        ours.getConfig("pekko").entrySet().forEach(e -> paths.add("pekko." + e.getKey()));
      }
    }
    List<String> lost = new ArrayList<>();
    for (String path : paths) {
      Object expected = tested.getValue(path).unwrapped();
      Object actual = jar.hasPath(path) ? jar.getValue(path).unwrapped() : "(missing)";
      if (!expected.equals(actual) && !sameAmount(tested, jar, path)) {
        lost.add(path + " = " + expected + " where tests run, but " + actual + " in the jar");
      }
    }
    assertTrue(paths.size() > 100, "compared " + paths.size() + " settings");
    assertTrue(lost.isEmpty(), "settings the jar does not run with:\n" + String.join("\n", lost));
  }

  /** "2 MiB" and 2097152 are the same setting. */
  private static boolean sameAmount(Config ours, Config jar, String path) {
    try {
      return ours.getBytes(path).equals(jar.getBytes(path));
    } catch (RuntimeException notBytes) {
      try {
        return ours.getDuration(path).equals(jar.getDuration(path));
      } catch (RuntimeException notDuration) {
        return false;
      }
    }
  }
}

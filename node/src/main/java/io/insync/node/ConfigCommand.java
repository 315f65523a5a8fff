package io.insync.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints the configuration a standalone node runs with — the same {@code -Dconfig.file} and
 * {@code -D} settings, completed by {@link InsyncConfig#forStandaloneProcess} — as JSON: what is in
 * force, after every reference.conf the jar merged. Operators read it; a test of the shipped jar
 * compares it with what Insync's modules set.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Print the configuration a node started the same way would run with (JSON).")
final class ConfigCommand implements Callable<Integer> {

  @Option(names = "--path", description = "Only this part (default: insync and pekko).")
  String path;

  @Override
  public Integer call() {
    Config effective = InsyncConfig.forStandaloneProcess(ConfigFactory.load());
    Config shown = ConfigFactory.empty();
    for (String p : path != null ? new String[] {path} : new String[] {"insync", "pekko"}) {
      if (effective.hasPath(p)) {
        shown = shown.withValue(p, effective.getValue(p));
      }
    }
    System.out.println(shown.root().render(ConfigRenderOptions.concise()));
    return 0;
  }
}

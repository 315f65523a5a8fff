package io.insync.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.insync.node.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Runs the CLI in this JVM against a node's HTTP API, as a user would run {@code bin/insync}. */
final class CliRunner {

  private CliRunner() {}

  /** What the command prints; the test fails unless it exits 0. */
  static String run(String server, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Cli.commandLine().execute(withServer(server, args)), String.join(" ", args));
    } finally {
      System.setOut(previous);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** What the command prints on its error stream; the test fails unless it exits 2 (an API error). */
  static String error(String server, String... args) {
    StringWriter err = new StringWriter();
    assertEquals(2, Cli.commandLine().setErr(new PrintWriter(err)).execute(withServer(server, args)),
        String.join(" ", args));
    return err.toString();
  }

  private static String[] withServer(String server, String[] args) {
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--server";
    all[args.length + 1] = server;
    return all;
  }
}

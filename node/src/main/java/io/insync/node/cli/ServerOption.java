package io.insync.node.cli;

import picocli.CommandLine.Option;

/** The node whose HTTP API a command talks to. */
final class ServerOption {

  @Option(names = "--server", description = "a node's HTTP API (default: $INSYNC_SERVER or http://127.0.0.1:8080)")
  String server = System.getenv().getOrDefault("INSYNC_SERVER", "http://127.0.0.1:8080");

  ApiClient client() {
    return new ApiClient(server);
  }
}

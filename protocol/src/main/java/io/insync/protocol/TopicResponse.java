package io.insync.protocol;

/** The answer to {@link CreateTopic} or {@link DeleteTopic}: NONE, or why not. */
public record TopicResponse(String name, ErrorCode error, String message) {

  public static TopicResponse ok(String name) {
    return new TopicResponse(name, ErrorCode.NONE, "");
  }

  public boolean isOk() {
    return error == ErrorCode.NONE;
  }
}

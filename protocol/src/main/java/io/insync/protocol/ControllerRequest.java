package io.insync.protocol;

/**
 * A request the controller answers. Whatever goes wrong while the controller handles it, the
 * requester gets an answer: {@link #replyError} sends the request's own response type carrying
 * the error (UNKNOWN_SERVER_ERROR for a failure of the controller itself, NOT_CONTROLLER when the
 * controller is restarting), never silence.
 */
public interface ControllerRequest extends ControllerCommand {

  /** Answers this request with {@code error} and a sentence saying why. */
  void replyError(ErrorCode error, String message);
}

package org.ttsvar.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.ttsvar.search.SearchCancelledException;
import org.ttsvar.search.SearchSettingException;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.PromptSyntaxException;

/**
 * An error as the API answers it: an HTTP status and OpenAI's error object ({@code message},
 * {@code type}, {@code param}). Bad input keeps the command line's message, with the request field
 * where the command line names its flag.
 *
 * @param retryAfterSeconds for 429, the Retry-After header; 0 otherwise
 */
record ApiError(int status, String type, String param, String message, int retryAfterSeconds) {
  static ApiError badRequest(String param, String message) {
    return new ApiError(400, "invalid_request_error", param, message, 0);
  }

  /** What a failure of request {@code job} (null before it was queued) means to the client. */
  static ApiError of(Throwable failure, Job job) {
    Throwable t = failure;
    while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof BadFieldException f) {
      return badRequest(f.field(), f.getMessage());
    }
    if (t instanceof SearchSettingException s) {
      String field = GenerationRequest.field(s.setting());
      return badRequest(field, field + ": " + s.problem());
    }
    if (t instanceof PromptSyntaxException) {
      return badRequest("prompt", t.getMessage());
    }
    if (t instanceof BadInputException) {
      return badRequest(null, t.getMessage());
    }
    if (t instanceof QueueFullException q) {
      return new ApiError(429, "rate_limit_error", null, q.getMessage(), q.retryAfterSeconds);
    }
    if (t instanceof ShuttingDownException) {
      return new ApiError(503, "server_shutting_down", null, t.getMessage(), 0);
    }
    if (t instanceof SearchCancelledException c && job != null && job.stopped() != null) {
      return switch (job.stopped()) {
        case TIME_LIMIT -> new ApiError(504, "timeout", null, c.getMessage() + ": " + job.stopped().reason + "; ask for a smaller budget or a cheaper strategy", 0);
        case SHUTDOWN -> new ApiError(503, "server_shutting_down", null, c.getMessage() + ": " + job.stopped().reason, 0);
        case CLIENT_GONE -> new ApiError(499, "cancelled", null, c.getMessage() + ": " + job.stopped().reason, 0);
      };
    }
    return new ApiError(500, "server_error", null,
        "internal error: " + t + " — a bug in ttsvar, not in your request: please report it with the request", 0);
  }

  /**
   * The error object with the status it would have had, for an answer already committed as 200: a
   * stream's {@code error} event, or a plain answer whose search failed after its status line was sent
   * ({@link KeepAliveJson}).
   */
  ObjectNode committedBody() {
    ObjectNode root = body();
    root.put("status", status);
    return root;
  }

  ObjectNode body() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode e = root.putObject("error");
    e.put("message", message);
    e.put("type", type);
    if (param == null) {
      e.putNull("param");
    } else {
      e.put("param", param);
    }
    e.putNull("code");
    return root;
  }
}

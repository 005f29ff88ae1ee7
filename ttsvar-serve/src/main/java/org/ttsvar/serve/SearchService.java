package org.ttsvar.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ttsvar.search.SearchCancelledException;
import org.ttsvar.search.SearchResult;
import org.ttsvar.search.TtsVar;

/**
 * Runs searches one at a time on one thread, in arrival order, from a bounded queue: the model is
 * loaded once and a search already uses every core (PyTorch's threads), so running two at once
 * would only split them. A full queue refuses at once ({@link QueueFullException}); a search past the
 * time limit, whose client went away, or running at shutdown is stopped between scales, and one whose
 * client went away while it waited leaves the queue at once ({@link #abandon}).
 */
public final class SearchService {
  /** Counts since start, for {@code /healthz}. */
  public record Counts(long served, long cancelled, long timedOut, long failed, long rejected) {}

  /** What {@link #shutdown} did: whether the search in flight finished or was cancelled, and how many waiting ones were turned away. */
  public record ShutdownReport(String inFlight, int queuedCancelled) {
    @Override
    public String toString() {
      return "in flight: " + inFlight + "; " + queuedCancelled + " waiting search" + (queuedCancelled == 1 ? "" : "es") + " cancelled";
    }
  }

  private final ServedModel model;
  private final RunStore runs;
  private final int capacity;
  private final Duration timeLimit;
  private final BlockingQueue<Job> waiting;
  private final Thread worker;
  private final AtomicLong nextId = new AtomicLong(1);
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong cancelled = new AtomicLong();
  private final AtomicLong timedOut = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  /** Held while a request's search is built: a model's registry may load a reward or a value head on first use, and is not made for concurrent callers. */
  private final Object registry = new Object();
  private volatile Job running;
  private volatile boolean accepting = true;
  private volatile double meanSeconds = 1; // recent searches' mean duration, for Retry-After

  SearchService(ServedModel model, RunStore runs, int capacity, Duration timeLimit) {
    if (capacity < 1) {
      throw new IllegalArgumentException("queue capacity " + capacity);
    }
    this.model = model;
    this.runs = runs;
    this.capacity = capacity;
    this.timeLimit = timeLimit;
    this.waiting = new ArrayBlockingQueue<>(capacity);
    this.worker = new Thread(this::work, "ttsvar-search");
    this.worker.start();
  }

  /**
   * Builds the search a request asks for and queues it. The build comes first because the model's
   * registry is the only judge of some settings (the reward, extractor and scorer names): once a
   * request is queued nothing about it can be bad input, so its answer may be committed at once.
   *
   * @throws org.ttsvar.search.SearchSettingException for a name the model's registry does not know
   * @throws QueueFullException when {@code capacity} searches already wait
   * @throws ShuttingDownException once shutdown began
   */
  Job submit(GenerationRequest request) {
    if (!accepting) {
      throw new ShuttingDownException();
    }
    TtsVar search;
    synchronized (registry) {
      search = request.spec().build(model.models());
    }
    Job job = new Job("r" + nextId.getAndIncrement(), request, search);
    if (!waiting.offer(job)) {
      rejected.incrementAndGet();
      throw new QueueFullException(capacity, retryAfterSeconds());
    }
    return job;
  }

  /**
   * The client of {@code job} went away. A waiting search leaves the queue at once, so its place goes
   * to the next request; a running one is stopped at its next scale. Either way it counts as cancelled
   * (a search that already finished stays served).
   */
  void abandon(Job job) {
    job.stop(Job.Stop.CLIENT_GONE);
    if (waiting.remove(job)) { // the worker never takes it now: this is its only end
      job.outcome.completeExceptionally(new SearchCancelledException(0, model.sides().size()));
      cancelled.incrementAndGet();
    }
  }

  RunStore runs() {
    return runs;
  }

  /** Searches waiting (not counting the one running). */
  public int waiting() {
    return waiting.size();
  }

  public int capacity() {
    return capacity;
  }

  public boolean busy() {
    return running != null;
  }

  /** The search running now, or null (for tests: whether it was told to stop). */
  Job running() {
    return running;
  }

  public boolean accepting() {
    return accepting;
  }

  public Counts counts() {
    return new Counts(served.get(), cancelled.get(), timedOut.get(), failed.get(), rejected.get());
  }

  /** The time the waiting searches and the running one should take, in whole seconds (at least 1). */
  int retryAfterSeconds() {
    return (int) Math.max(1, Math.ceil(meanSeconds * (waiting.size() + 1)));
  }

  private void work() {
    while (true) {
      Job job;
      try {
        job = waiting.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (job == null) {
        if (!accepting) {
          return;
        }
        continue;
      }
      if (job.stopped() != null) { // its client left while it waited
        job.outcome.completeExceptionally(new SearchCancelledException(0, model.sides().size()));
        cancelled.incrementAndGet();
        continue;
      }
      running = job;
      try {
        Job.Outcome o = run(job);
        served.incrementAndGet(); // counted before its client can read the answer (and /healthz after it)
        job.outcome.complete(o);
      } catch (SearchCancelledException e) {
        (job.stopped() == Job.Stop.TIME_LIMIT ? timedOut : cancelled).incrementAndGet();
        job.outcome.completeExceptionally(e);
      } catch (RuntimeException | java.io.IOException | Error e) {
        failed.incrementAndGet();
        job.outcome.completeExceptionally(e);
      } finally {
        running = null;
      }
    }
  }

  private Job.Outcome run(Job job) throws java.io.IOException {
    GenerationRequest r = job.request;
    long start = System.nanoTime();
    long deadline = start + timeLimit.toNanos();
    SearchResult result = job.search.generate(r.prompt(), r.seed(), (t, c) -> job.scales.add(t), () -> {
      if (System.nanoTime() - deadline > 0) {
        job.stop(Job.Stop.TIME_LIMIT);
      }
      return job.stopped() != null;
    });
    RunStore.Run run = runs.save(job.id, result, model);
    double seconds = (System.nanoTime() - start) / 1e9;
    meanSeconds = 0.7 * meanSeconds + 0.3 * seconds;
    return new Job.Outcome(result, run);
  }

  /**
   * Stops taking searches, cancels the waiting ones, lets the one in flight finish within
   * {@code grace} and cancels it (between scales) after that.
   */
  public ShutdownReport shutdown(Duration grace) {
    accepting = false;
    int turnedAway = turnAway();
    Job inFlight = running;
    String state = "none";
    if (inFlight != null) {
      try {
        inFlight.outcome.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        state = "finished (" + inFlight.id + ")";
      } catch (java.util.concurrent.TimeoutException e) {
        inFlight.stop(Job.Stop.SHUTDOWN);
        state = "cancelled (" + inFlight.id + ", past the " + grace.toSeconds() + " s grace)";
      } catch (java.util.concurrent.ExecutionException | CancellationException e) {
        state = "ended (" + inFlight.id + ": " + e.getCause() + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        inFlight.stop(Job.Stop.SHUTDOWN);
        state = "cancelled (" + inFlight.id + ")";
      }
    }
    try {
      worker.join(grace.toMillis() + 60_000); // a cancelled search stops at its next scale
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    turnedAway += turnAway(); // a request that passed the check just before it closed
    return new ShutdownReport(state, turnedAway);
  }

  private int turnAway() {
    List<Job> jobs = new ArrayList<>();
    waiting.drainTo(jobs);
    for (Job j : jobs) {
      j.stop(Job.Stop.SHUTDOWN);
      j.outcome.completeExceptionally(new ShuttingDownException());
    }
    return jobs.size();
  }
}

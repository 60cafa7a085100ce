package dev.aigate.queue;

/** Runs one unit of work. Implemented by the evaluation pipeline. */
public interface WorkHandler {

    /**
     * Evaluates the target on the newest state GitHub has.
     *
     * @throws RetryLaterException when the work should run again later (GitHub errors, rate limits)
     */
    void handle(WorkTarget target) throws RetryLaterException;
}

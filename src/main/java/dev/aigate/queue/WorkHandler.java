package dev.aigate.queue;

/** Runs one unit of work. Implemented by the evaluation pipeline. */
public interface WorkHandler {

    /**
     * Evaluates the target on the newest state GitHub has.
     *
     * @throws RetryLaterException when the work should run again later (GitHub errors, rate limits)
     */
    void handle(WorkTarget target) throws RetryLaterException;

    /**
     * The target's last attempt failed and the queue gave up on it ({@code parked}, listed for operators). Lets the
     * pipeline say so where people look; called once, on the worker thread; nothing it throws changes the job.
     *
     * @param lastError what the last attempt failed with
     * @param attempts  how many attempts were made
     */
    default void parked(WorkTarget target, String lastError, int attempts) {
    }
}

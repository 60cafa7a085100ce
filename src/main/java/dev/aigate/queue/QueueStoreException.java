package dev.aigate.queue;

/** The queue's database could not be reached or refused a statement. Ingress answers 503 so GitHub records a failure. */
public class QueueStoreException extends RuntimeException {

    public QueueStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

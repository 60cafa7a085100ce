package dev.aigate.store;

/**
 * The data directory holds a file the embedded store will not open: not an H2 database, corrupt, or another
 * program's database. The message names the file and what to do, in one line for the operator; the file was not
 * changed.
 */
public class UnusableStoreException extends StoreException {

    public UnusableStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

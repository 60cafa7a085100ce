package dev.aigate.policy;

/** A glob that cannot be compiled; {@link #offset()} is the character it went wrong at. */
final class GlobSyntaxException extends IllegalArgumentException {

    private final int offset;

    GlobSyntaxException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    int offset() {
        return offset;
    }
}

package dev.aigate.patterns;

/** A glob that cannot be compiled; {@link #offset()} is the character it went wrong at. */
public final class GlobSyntaxException extends IllegalArgumentException {

    private final int offset;

    GlobSyntaxException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}

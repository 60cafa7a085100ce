package dev.aigate.recovery;

import java.util.function.Supplier;

/**
 * A fresh App JWT for the {@code Authorization: Bearer} header (GitHub App authentication, not an installation
 * token). The GitHub integration provides the bean; until it exists the delivery sweep stays off.
 */
public interface AppJwtSource extends Supplier<String> {
}

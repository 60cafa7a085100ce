/**
 * Pattern engines shared by the pure core: {@link dev.aigate.patterns.Glob} (gitignore, CODEOWNERS,
 * gitattributes and branch-name globs, matched without regular expressions and bounded in size)
 * and {@link dev.aigate.patterns.RegexBounds} (refuses a regular expression whose compiled program
 * would be huge). Both {@code provenance} (a repository's {@code .gitattributes}, the signal
 * catalogue) and {@code policy} use them; this package depends on nothing of the project. No I/O.
 */
package dev.aigate.patterns;

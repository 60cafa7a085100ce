/**
 * Persistence: the datasource (embedded H2 by default, PostgreSQL when {@code AIGATE_DATABASE_URL} is a
 * {@code jdbc:postgresql:} URL), its Flyway-managed schema, the decision log, overrides, named leases and
 * retention. Every class here speaks portable SQL, so both stores take the same code paths.
 */
package dev.aigate.store;

package io.guestops.grr.decision.spec;

/** One thing wrong with a spec, named by its field path (for example {@code spec.desiredEmail}). */
public record SpecProblem(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}

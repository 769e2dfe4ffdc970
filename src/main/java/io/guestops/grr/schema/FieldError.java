package io.guestops.grr.schema;

/**
 * One validation failure, worded as the API server words it.
 *
 * @param field  the field path, e.g. {@code spec.desiredEmail}
 * @param reason the StatusCause reason, e.g. {@code FieldValueTypeInvalid}
 * @param detail e.g. {@code Required value}
 */
public record FieldError(String field, String reason, String detail) {

    /** "spec.guest: Required value" */
    public String message() {
        return field + ": " + detail;
    }
}

package io.guestops.grr.csvimport;

/**
 * One row of the spreadsheet, read by column meaning.
 *
 * @param line         the 1-based line in the CSV file
 * @param userId       the guest's object id, or null
 * @param email        the guest's current mail, or null
 * @param desiredEmail the address to reset to, or null when the row has none
 * @param name         the resource name the row asks for, or null to derive one
 */
public record ImportRow(int line, String userId, String email, String desiredEmail, String name) {

    ImportRow withUserId(String resolved) {
        return new ImportRow(line, resolved, email, desiredEmail, name);
    }

    /** The guest's key for "named twice": its id, else its mail. */
    String guestKey() {
        return userId != null ? "id:" + userId.toLowerCase() : "mail:" + (email == null ? "" : email.toLowerCase());
    }
}

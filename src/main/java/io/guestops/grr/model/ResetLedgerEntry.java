package io.guestops.grr.model;

/**
 * What a guest's reset ledger matches a reset by, in both of its entries: the intent about to be
 * sent ({@link PendingReset}) and the reset that took effect ({@link ResetRecord}). Both name the
 * user, the email and the reset request, and both must read the request's name the same way, or an
 * intent would never be seen as settled by its own record.
 * <p>
 * Each class keeps its own fields: the CRD describes them differently (an intent, a record).
 */
public interface ResetLedgerEntry {

    String getUserId();

    String getEmail();

    String getRequest();

    /** The request's name as the ledger compares it: empty when not set. */
    default String requestName() {
        String request = getRequest();
        return request == null ? "" : request;
    }

    /**
     * A request's name as the status stores it: null for the first request to the email (empty), so
     * that the field stays out of the status then.
     */
    static String storedRequest(String requestName) {
        return requestName == null || requestName.isEmpty() ? null : requestName;
    }
}

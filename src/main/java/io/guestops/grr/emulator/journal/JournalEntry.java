package io.guestops.grr.emulator.journal;

import java.time.Instant;

/**
 * One request the emulator answered (or dropped). Bodies are redacted: secrets, assertions,
 * tokens and invitation redeem URLs never appear. {@code effective} says whether the request
 * changed state; {@code memberConverted} is true only when POST /invitations turned an internal
 * member into an external user, so tests can prove the operator never does that.
 * {@code status} is 0 when the connection was dropped without a response.
 */
public record JournalEntry(Instant time, String requestId, String clientRequestId, String appId, String method,
                           String path, String requestBody, int status, boolean effective, boolean memberConverted,
                           boolean connectionDropped, String responseBody) {
}

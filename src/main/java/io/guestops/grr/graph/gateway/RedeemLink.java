package io.guestops.grr.graph.gateway;

import java.util.Objects;

/**
 * An invitation's {@code inviteRedeemUrl}: a bearer link, whoever holds it can redeem the
 * invitation. It is held in this type so that no {@code toString()}, log line, status or
 * message can print it by accident; only {@link #reveal()} gives it out, for the one place it
 * may go (the Secret the spec names).
 */
public final class RedeemLink {

    private final String url;

    public RedeemLink(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url: required");
        }
        this.url = url;
    }

    /** The link itself. Call it only to hand the link to its one destination. */
    public String reveal() {
        return url;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RedeemLink link && url.equals(link.url);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url);
    }

    @Override
    public String toString() {
        return "RedeemLink[redacted]";
    }
}

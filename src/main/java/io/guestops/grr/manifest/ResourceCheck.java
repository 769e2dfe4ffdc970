package io.guestops.grr.manifest;

import io.guestops.grr.model.GuestRedemptionReset;
import java.util.List;

/**
 * One more check of a GuestRedemptionReset that passed the API server's own checks: the plug-in
 * point for rules beyond the CRD (guardrail policies, for example).
 */
@FunctionalInterface
public interface ResourceCheck {

    /** The problems of {@code resource}, placed with {@link ManifestDocument#lineOf}. */
    List<ManifestProblem> check(ManifestDocument document, GuestRedemptionReset resource);
}

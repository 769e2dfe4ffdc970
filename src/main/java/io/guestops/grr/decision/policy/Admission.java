package io.guestops.grr.decision.policy;

import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.step.Step;

/** The policy verdict on a resource: an input to the decision, evaluated before the first write. */
public sealed interface Admission {

    /** Policies are off (an explicit operator option): every resource may act. */
    Admission UNRESTRICTED = new Unrestricted();

    record Unrestricted() implements Admission {}

    /** The named policy admits the resource; its blast-radius limit counts the resource's resets. */
    record Admitted(String policy, int maxResetsPerHour) implements Admission {}

    /** No policy admits the resource; the message names each policy and the rule that failed. */
    record Denied(String message) implements Admission {

        public Step.Stall asStall() {
            return new Step.Stall(Reasons.POLICY_DENIED, message);
        }
    }

    /** The admitting policy's name, or null. */
    default String policyName() {
        return this instanceof Admitted admitted ? admitted.policy() : null;
    }
}

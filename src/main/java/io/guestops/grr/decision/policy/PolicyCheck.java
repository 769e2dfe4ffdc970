package io.guestops.grr.decision.policy;

import io.guestops.grr.decision.spec.Emails;
import io.guestops.grr.model.ConnectionSpec;
import io.guestops.grr.model.GuestRedemptionPolicy;
import io.guestops.grr.model.GuestRedemptionPolicySpec;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.InvitationSpec;
import io.guestops.grr.model.PolicyConnections;
import io.guestops.grr.model.PolicyEmailDomains;
import io.guestops.grr.model.PolicyGuests;
import io.guestops.grr.model.PolicyInvitation;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The policy verdict, pure: does a policy selecting the resource's namespace admit it? A policy
 * admits when every one of its rules holds; the first admitting policy (by name) wins. A refusal
 * names, for each policy, the first rule that failed. Secure by default: no policy, or an empty
 * list, admits nothing.
 */
public final class PolicyCheck {

    /** The host of the redirect URL the operator uses when the spec names none. */
    static final String DEFAULT_REDIRECT_HOST = URI.create(InvitationSpec.DEFAULT_REDIRECT_URL).getHost();

    private PolicyCheck() {
    }

    /**
     * @param facts what Graph showed; {@link GuestFacts#UNREAD} before any read (then only the rules
     *              that need no Graph fact are judged)
     */
    public static Admission admit(Guardrails guardrails, GuestRedemptionResetSpec spec, GuestFacts facts) {
        if (!guardrails.enforced()) {
            return Admission.UNRESTRICTED;
        }
        if (guardrails.selecting().isEmpty()) {
            return new Admission.Denied("No GuestRedemptionPolicy selects namespace '" + guardrails.namespace()
                    + "', so nothing may be reset from it. A cluster admin must write a policy whose namespaceSelector "
                    + "matches this namespace's labels. Nothing was sent to Graph.");
        }
        List<String> refusals = new ArrayList<>();
        for (GuestRedemptionPolicy policy : guardrails.selecting()) {
            Optional<String> failed = firstFailedRule(policy.getSpec(), spec, facts);
            if (failed.isEmpty()) {
                return new Admission.Admitted(policy.getMetadata().getName(), policy.getSpec().getMaxResetsPerHour());
            }
            refusals.add("policy '" + policy.getMetadata().getName() + "': " + failed.get());
        }
        return new Admission.Denied("No GuestRedemptionPolicy admits this resource; nothing was sent to Graph. "
                + String.join("; ", refusals) + ".");
    }

    /** The group ids whose membership the policies that may still admit the resource need from Graph. */
    public static List<String> groupIdsToRead(Guardrails guardrails, GuestRedemptionResetSpec spec) {
        Set<String> ids = new LinkedHashSet<>();
        candidates(guardrails, spec).forEach(p -> p.getSpec().getGuests().getGroupIds().forEach(id -> ids.add(id.toLowerCase(Locale.ROOT))));
        return List.copyOf(ids);
    }

    /** Whether a policy that may still admit the resource refuses the host tenant's verified domains. */
    public static boolean needsVerifiedDomains(Guardrails guardrails, GuestRedemptionResetSpec spec) {
        return candidates(guardrails, spec).stream().anyMatch(p -> !p.getSpec().getDesiredEmailDomains().isAllowHostTenantDomains());
    }

    /** The policies the rules needing no Graph fact do not already refuse. */
    private static List<GuestRedemptionPolicy> candidates(Guardrails guardrails, GuestRedemptionResetSpec spec) {
        if (!guardrails.enforced()) {
            return List.of();
        }
        return guardrails.selecting().stream().filter(p -> firstFailedRule(p.getSpec(), spec, GuestFacts.UNREAD).isEmpty()).toList();
    }

    static Optional<String> firstFailedRule(GuestRedemptionPolicySpec policy, GuestRedemptionResetSpec spec, GuestFacts facts) {
        return connectionRule(policy.getConnections(), spec.getConnection())
                .or(() -> invitationRule(policy.getInvitation(), spec.getInvitation()))
                .or(() -> desiredDomainRule(policy.getDesiredEmailDomains(), spec.getDesiredEmail()))
                .or(() -> guestRule(policy.getGuests(), facts))
                .or(() -> hostTenantRule(policy.getDesiredEmailDomains(), spec.getDesiredEmail(), facts));
    }

    private static Optional<String> connectionRule(PolicyConnections allowed, ConnectionSpec connection) {
        PolicyConnections rules = allowed == null ? new PolicyConnections() : allowed;
        if (connection != null && connection.getSecretName() != null && !connection.getSecretName().isBlank()) {
            String name = connection.getSecretName().trim();
            boolean listed = rules.getSecretNames().stream().anyMatch(n -> n.equals("*") || n.equals(name));
            return listed ? Optional.empty() : Optional.of("connections.secretNames [" + DomainRule.show(rules.getSecretNames())
                    + "] does not list Secret '" + name + "'");
        }
        if (connection != null && connection.getWorkloadIdentity() != null) {
            String clientId = String.valueOf(connection.getWorkloadIdentity().getClientId()).trim();
            boolean listed = rules.getWorkloadIdentityClientIds().stream().anyMatch(id -> id.equalsIgnoreCase(clientId));
            return listed ? Optional.empty() : Optional.of("connections.workloadIdentityClientIds ["
                    + DomainRule.show(rules.getWorkloadIdentityClientIds()) + "] does not list client id " + clientId);
        }
        return rules.isOperatorDefault() ? Optional.empty()
                : Optional.of("connections.operatorDefault is false, so the operator's default tenant connection may not be used");
    }

    private static Optional<String> invitationRule(PolicyInvitation required, InvitationSpec invitation) {
        PolicyInvitation rules = required == null ? new PolicyInvitation() : required;
        InvitationSpec asked = invitation == null ? new InvitationSpec() : invitation;
        if (rules.isRequireInvitationMessage() && !asked.isSendInvitationMessage()) {
            return Optional.of("invitation.requireInvitationMessage is true but spec.invitation.sendInvitationMessage is false");
        }
        String url = asked.getRedirectUrl() == null || asked.getRedirectUrl().isBlank() ? InvitationSpec.DEFAULT_REDIRECT_URL
                : asked.getRedirectUrl().trim();
        String host = hostOf(url);
        boolean allowed = rules.getRedirectUrlHosts().isEmpty() ? DEFAULT_REDIRECT_HOST.equalsIgnoreCase(host)
                : DomainRule.matches(rules.getRedirectUrlHosts(), host);
        return allowed ? Optional.empty() : Optional.of("invitation.redirectUrlHosts [" + (rules.getRedirectUrlHosts().isEmpty()
                ? DEFAULT_REDIRECT_HOST + " (the default)" : DomainRule.show(rules.getRedirectUrlHosts()))
                + "] does not allow redirect host '" + host + "'");
    }

    private static Optional<String> desiredDomainRule(PolicyEmailDomains domains, String desiredEmail) {
        PolicyEmailDomains rules = domains == null ? new PolicyEmailDomains() : domains;
        String domain = Emails.domainOf(desiredEmail);
        if (DomainRule.matches(rules.getDenied(), domain)) {
            return Optional.of("desiredEmailDomains.denied [" + DomainRule.show(rules.getDenied()) + "] refuses spec.desiredEmail's domain '"
                    + domain + "'");
        }
        return DomainRule.matches(rules.getAllowed(), domain) ? Optional.empty()
                : Optional.of("desiredEmailDomains.allowed [" + DomainRule.show(rules.getAllowed())
                        + "] does not allow spec.desiredEmail's domain '" + domain + "'");
    }

    private static Optional<String> guestRule(PolicyGuests guests, GuestFacts facts) {
        if (facts.user() == null) {
            return Optional.empty();
        }
        PolicyGuests rules = guests == null ? new PolicyGuests() : guests;
        var user = facts.user();
        boolean inScope = (facts.mail() != null && DomainRule.matches(rules.getMailDomains(), Emails.domainOf(facts.mail())))
                || DomainRule.matches(rules.getUserPrincipalNameDomains(), homeDomainOf(user.userPrincipalName()))
                || rules.getUserIds().stream().anyMatch(id -> id.equalsIgnoreCase(user.id()))
                || (facts.memberGroups() != null && rules.getGroupIds().stream()
                        .anyMatch(id -> facts.memberGroups().stream().anyMatch(id::equalsIgnoreCase)));
        return inScope ? Optional.empty() : Optional.of("guest " + user.id() + " (mail " + facts.mail()
                + ") is in none of guests.mailDomains [" + DomainRule.show(rules.getMailDomains())
                + "], guests.userPrincipalNameDomains [" + DomainRule.show(rules.getUserPrincipalNameDomains())
                + "], guests.groupIds [" + DomainRule.show(rules.getGroupIds()) + "] (transitive membership) or guests.userIds ["
                + DomainRule.show(rules.getUserIds()) + "]");
    }

    private static Optional<String> hostTenantRule(PolicyEmailDomains domains, String desiredEmail, GuestFacts facts) {
        PolicyEmailDomains rules = domains == null ? new PolicyEmailDomains() : domains;
        if (rules.isAllowHostTenantDomains() || facts.verifiedDomains() == null) {
            return Optional.empty();
        }
        String domain = Emails.domainOf(desiredEmail);
        boolean hostDomain = facts.verifiedDomains().stream().anyMatch(d -> d.equalsIgnoreCase(domain));
        return hostDomain ? Optional.of("spec.desiredEmail's domain '" + domain + "' is a verified domain of the host tenant; "
                + "a guest signing in with it would take over a member's address (desiredEmailDomains.allowHostTenantDomains is false)")
                : Optional.empty();
    }

    /**
     * The domain of a user principal name; for an external user ({@code alex_fabrikam.com#EXT#@contoso.onmicrosoft.com})
     * the guest's home domain encoded before {@code #EXT#}.
     */
    static String homeDomainOf(String userPrincipalName) {
        if (userPrincipalName == null || userPrincipalName.isBlank()) {
            return null;
        }
        String upn = userPrincipalName.trim().toLowerCase(Locale.ROOT);
        int ext = upn.indexOf("#ext#");
        if (ext > 0) {
            String encoded = upn.substring(0, ext);
            int underscore = encoded.lastIndexOf('_');
            return underscore < 0 ? null : encoded.substring(underscore + 1);
        }
        int at = upn.lastIndexOf('@');
        return at < 0 ? null : upn.substring(at + 1);
    }

    private static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "" : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}

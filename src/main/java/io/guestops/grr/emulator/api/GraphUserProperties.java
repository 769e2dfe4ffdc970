package io.guestops.grr.emulator.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every structural property of Graph v1.0's {@code user}, including the many the emulator does not
 * model: a {@code $select} of one of those is valid in Graph, so the emulator answers it as unset
 * ({@code null}) instead of refusing it. The names are those of Microsoft's v1.0 metadata as the
 * Graph Java SDK 6.69.0 generates them ({@code com.microsoft.graph.models.User}, navigation
 * properties left out).
 */
final class GraphUserProperties {

    static final List<String> ALL = List.of("aboutMe", "accountEnabled", "ageGroup", "assignedLicenses", "assignedPlans",
            "authorizationInfo", "birthday", "businessPhones", "city", "companyName", "consentProvidedForMinor", "country",
            "createdDateTime", "creationType", "customSecurityAttributes", "deletedDateTime", "department",
            "deviceEnrollmentLimit", "displayName", "employeeHireDate", "employeeId", "employeeLeaveDateTime", "employeeOrgData",
            "employeeType", "externalUserState", "externalUserStateChangeDateTime", "faxNumber", "givenName", "hireDate", "id",
            "identities", "identityParentId", "imAddresses", "interests", "isManagementRestricted", "isResourceAccount",
            "jobTitle", "lastPasswordChangeDateTime", "legalAgeGroupClassification", "licenseAssignmentStates", "mail",
            "mailNickname", "mailboxSettings", "mobilePhone", "mySite", "officeLocation", "onPremisesDistinguishedName",
            "onPremisesDomainName", "onPremisesExtensionAttributes", "onPremisesImmutableId", "onPremisesLastSyncDateTime",
            "onPremisesProvisioningErrors", "onPremisesSamAccountName", "onPremisesSecurityIdentifier", "onPremisesSyncEnabled",
            "onPremisesUserPrincipalName", "otherMails", "passwordPolicies", "passwordProfile", "pastProjects", "postalCode",
            "preferredDataLocation", "preferredLanguage", "preferredName", "print", "provisionedPlans", "proxyAddresses",
            "responsibilities", "schools", "securityIdentifier", "serviceProvisioningErrors", "showInAddressList",
            "signInActivity", "signInSessionsValidFromDateTime", "skills", "state", "streetAddress", "surname", "usageLocation",
            "userPrincipalName", "userType");

    /**
     * "The following properties are only supported when retrieving a single user", and a list that
     * selects one of them "returns a 501 Not Implemented error code": https://learn.microsoft.com/graph/api/user-list.
     */
    static final Set<String> SINGLE_USER_ONLY = Set.of("aboutMe", "birthday", "hireDate", "interests", "mySite", "pastProjects",
            "preferredName", "responsibilities", "schools", "skills", "mailboxSettings");

    private GraphUserProperties() {
    }

    /** The property's name as Graph spells it (Graph matches names case-insensitively), if it is one. */
    static Optional<String> named(String name) {
        return ALL.stream().filter(p -> p.equalsIgnoreCase(name)).findFirst();
    }
}

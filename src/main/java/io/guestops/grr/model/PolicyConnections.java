package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Which tenant connections (spec.connection) the selected namespaces may use. None listed allows none. */
public class PolicyConnections {

    /** A Secret name (a DNS-1123 subdomain), or * for any. */
    public static final String SECRET_NAME_OR_ANY = "^(\\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$";

    @JsonPropertyDescription("Whether resources without spec.connection may use the operator's default tenant "
            + "connection. Default false.")
    private boolean operatorDefault;

    @Size(max = PolicyDomains.MAX_ENTRIES)
    @JsonPropertyDescription("Names of Secrets (in the resource's own namespace) that spec.connection.secretName may "
            + "name; * allows any Secret of the namespace.")
    private List<@Pattern(SECRET_NAME_OR_ANY) String> secretNames = new ArrayList<>();

    @Size(max = PolicyDomains.MAX_ENTRIES)
    @JsonPropertyDescription("Application (client) ids spec.connection.workloadIdentity.clientId may name.")
    private List<@Pattern(GuestReference.OBJECT_ID_PATTERN) String> workloadIdentityClientIds = new ArrayList<>();

    public boolean isOperatorDefault() {
        return operatorDefault;
    }

    public void setOperatorDefault(boolean operatorDefault) {
        this.operatorDefault = operatorDefault;
    }

    public List<String> getSecretNames() {
        return secretNames;
    }

    public void setSecretNames(List<String> secretNames) {
        this.secretNames = secretNames;
    }

    public List<String> getWorkloadIdentityClientIds() {
        return workloadIdentityClientIds;
    }

    public void setWorkloadIdentityClientIds(List<String> workloadIdentityClientIds) {
        this.workloadIdentityClientIds = workloadIdentityClientIds;
    }
}

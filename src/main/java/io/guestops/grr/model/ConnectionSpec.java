package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How to reach the guest's tenant. At most one of the two fields is set. */
@ValidationRule(value = "!(has(self.secretName) && has(self.workloadIdentity))",
        message = "set at most one of secretName and workloadIdentity: a connection uses one credential")
public class ConnectionSpec {

    /** A Kubernetes object name: a DNS-1123 subdomain (lower case, digits, '-' and '.'). */
    public static final String SECRET_NAME_PATTERN =
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /** The longest DNS-1123 subdomain, so the longest Secret name. */
    public static final int SECRET_NAME_MAX_LENGTH = 253;

    @Pattern(SECRET_NAME_PATTERN)
    @Size(max = SECRET_NAME_MAX_LENGTH)
    @JsonPropertyDescription("Name of a Secret in the resource's namespace with the keys tenantId, clientId, and "
            + "either clientSecret or clientCertificate (PEM: certificate and private key). The Secret must carry the "
            + "label guestops.io/connection=true: the operator watches only Secrets labelled so.")
    private String secretName;

    @JsonPropertyDescription("Use Azure workload identity (the operator pod's federated service account token) "
            + "for this application.")
    private WorkloadIdentitySpec workloadIdentity;

    public String getSecretName() {
        return secretName;
    }

    public void setSecretName(String secretName) {
        this.secretName = secretName;
    }

    public WorkloadIdentitySpec getWorkloadIdentity() {
        return workloadIdentity;
    }

    public void setWorkloadIdentity(WorkloadIdentitySpec workloadIdentity) {
        this.workloadIdentity = workloadIdentity;
    }

    /** Application and tenant for workload identity. */
    public static class WorkloadIdentitySpec {

        @Required
        @Pattern(GuestReference.OBJECT_ID_PATTERN)
        @JsonPropertyDescription("Directory (tenant) id of the guest's tenant.")
        private String tenantId;

        @Required
        @Pattern(GuestReference.OBJECT_ID_PATTERN)
        @JsonPropertyDescription("Application (client) id that trusts the operator's service account.")
        private String clientId;

        public String getTenantId() {
            return tenantId;
        }

        public void setTenantId(String tenantId) {
            this.tenantId = tenantId;
        }

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }
    }
}

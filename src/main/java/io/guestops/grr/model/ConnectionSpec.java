package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How to reach the guest's tenant. At most one of the two fields is set. */
public class ConnectionSpec {

    @JsonPropertyDescription("Name of a Secret in the resource's namespace with the keys tenantId, clientId, and "
            + "either clientSecret or clientCertificate (PEM: certificate and private key).")
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

        @JsonPropertyDescription("Directory (tenant) id of the guest's tenant.")
        private String tenantId;

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

package io.guestops.grr.kube;

/**
 * Told about every request to the Kubernetes API that failed in a way the operator did not expect
 * (see {@link KubernetesApiErrors} for which failures are expected). The metrics package provides
 * one; {@link #NONE} ignores them.
 */
public interface KubernetesApiListener {

    KubernetesApiListener NONE = (verb, resource, code) -> { };

    /**
     * @param verb     the RBAC verb of the request: get, list, watch, create, update, patch, delete, or other
     * @param resource the resource (with "/status" for the status subresource), from a fixed set, else "other"
     * @param code     the HTTP status, or "connection" / "timeout" when no answer came
     */
    void failed(String verb, String resource, String code);
}

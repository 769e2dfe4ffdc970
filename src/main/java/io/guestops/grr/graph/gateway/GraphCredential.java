package io.guestops.grr.graph.gateway;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * How the operator proves its identity to Entra ID. {@code toString()} of every kind names the kind
 * and never the secret or key material.
 */
public sealed interface GraphCredential
        permits GraphCredential.ClientSecret, GraphCredential.ClientCertificate,
                GraphCredential.WorkloadIdentity, GraphCredential.DefaultChain {

    /** Values a person reads (logs, errors) must not contain; used to scrub messages. */
    default String secretToRedact() {
        return null;
    }

    /** An application client secret. */
    record ClientSecret(String secret) implements GraphCredential {
        public ClientSecret {
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("client secret: must not be empty");
            }
        }

        @Override
        public String secretToRedact() {
            return secret;
        }

        @Override
        public String toString() {
            return "ClientSecret[***]";
        }
    }

    /**
     * An application certificate: one PEM holding the certificate and its unencrypted private key,
     * given either as bytes or as a file path (read when the gateway is created).
     */
    record ClientCertificate(byte[] pem, Path pemFile) implements GraphCredential {
        public ClientCertificate {
            if ((pem == null) == (pemFile == null)) {
                throw new IllegalArgumentException("client certificate: give either the PEM bytes or the PEM file");
            }
            pem = pem == null ? null : pem.clone();
        }

        public static ClientCertificate ofPem(byte[] pem) {
            requirePemParts(Objects.requireNonNull(pem, "pem"), "client certificate PEM");
            return new ClientCertificate(pem, null);
        }

        public static ClientCertificate ofPemFile(Path pemFile) {
            return new ClientCertificate(null, Objects.requireNonNull(pemFile, "pemFile"));
        }

        /** Fails with a message naming {@code what} unless the PEM has a certificate and a private key. */
        public static void requirePemParts(byte[] pem, String what) {
            String text = new String(pem, StandardCharsets.US_ASCII);
            if (!text.contains("-----BEGIN CERTIFICATE-----")) {
                throw new IllegalArgumentException(what + ": no CERTIFICATE block");
            }
            if (!text.contains("PRIVATE KEY-----")) {
                throw new IllegalArgumentException(what + ": no PRIVATE KEY block");
            }
            if (text.contains("ENCRYPTED PRIVATE KEY")) {
                throw new IllegalArgumentException(what + ": the private key must not be encrypted");
            }
        }

        @Override
        public byte[] pem() {
            return pem == null ? null : pem.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ClientCertificate that
                    && Arrays.equals(pem, that.pem) && Objects.equals(pemFile, that.pemFile);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(pem) + Objects.hashCode(pemFile);
        }

        @Override
        public String toString() {
            return pemFile != null ? "ClientCertificate[file=" + pemFile + "]" : "ClientCertificate[pem=***]";
        }
    }

    /**
     * Workload identity federation: a Kubernetes service account token exchanged for an Entra token.
     * A null {@code tokenFile} lets Azure Identity read {@code AZURE_FEDERATED_TOKEN_FILE}.
     */
    record WorkloadIdentity(Path tokenFile) implements GraphCredential {}

    /** Azure Identity's DefaultAzureCredential chain (environment, workload identity, managed identity, CLI...). */
    record DefaultChain() implements GraphCredential {}
}

package io.guestops.grr.graph.auth;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The trust decision shared by the Graph client and the token client: the JDK's default CAs plus
 * the certificates the connection names. Built per gateway and handed to each client explicitly;
 * the JVM-wide default SSLContext and trust store are never touched.
 */
public final class TlsTrust {

    private final X509TrustManager trustManager;
    private final SSLContext sslContext;

    private TlsTrust(X509TrustManager trustManager) {
        this.trustManager = trustManager;
        try {
            this.sslContext = SSLContext.getInstance("TLS");
            sslContext.init(null, new TrustManager[] {trustManager}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Null when no certificate is configured: the clients then keep their own defaults. */
    public static TlsTrust forCertificates(List<X509Certificate> extra) {
        if (extra.isEmpty()) {
            return null;
        }
        return new TlsTrust(new EitherTrustManager(trustManagerOf(null), trustManagerOf(keyStoreOf(extra))));
    }

    public X509TrustManager trustManager() {
        return trustManager;
    }

    public SSLContext sslContext() {
        return sslContext;
    }

    private static KeyStore keyStoreOf(List<X509Certificate> certificates) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("trusted-" + i, certificates.get(i));
            }
            return store;
        } catch (Exception e) {
            throw new IllegalArgumentException("trusted certificates: " + e.getMessage(), e);
        }
    }

    /** The X509 trust manager over {@code store}; null means the JDK's default CA set (read only). */
    private static X509TrustManager trustManagerOf(KeyStore store) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X509 trust manager available");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
        }
    }

    /** Trusts a server chain that either the default CAs or the configured certificates accept. */
    private record EitherTrustManager(X509TrustManager defaults, X509TrustManager configured) implements X509TrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                configured.checkServerTrusted(chain, authType);
            } catch (CertificateException notConfigured) {
                defaults.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not accepted here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return Stream.concat(Stream.of(configured.getAcceptedIssuers()), Stream.of(defaults.getAcceptedIssuers()))
                    .toArray(X509Certificate[]::new);
        }
    }
}
